// Everything the curate stage needs, prepared once per taxonomy and story settings.
import { createClassifier } from "./classify-article.ts";
import type { Classifier } from "./classify-article.ts";
import { createGazetteer } from "./gazetteer.ts";
import type { Gazetteer } from "./gazetteer.ts";
import { createWireDetector } from "./story-cluster.ts";
import type { WireDetector } from "./story-cluster.ts";
import { DecodedFingerprints, fingerprintVersionOf } from "./fingerprint-codec.ts";
import { DEFAULT_STORY_SETTINGS } from "../config/story-settings.ts";
import type { StorySettings } from "../config/story-settings.ts";
import type { Taxonomy } from "../config/taxonomy.ts";

export interface CurateContext {
  classifier: Classifier;
  gazetteer: Gazetteer;
  settings: StorySettings;
  isWire: WireDetector;
  /** What fingerprints made with this context's gazetteer are stored as: others are computed again. */
  fingerprintVersion: string;
  /** Candidates' fingerprints decoded by earlier curations with this context. */
  decodedFingerprints: DecodedFingerprints;
}

export function createCurateContext(
  taxonomy: Taxonomy,
  settings: StorySettings = DEFAULT_STORY_SETTINGS,
): CurateContext {
  const gazetteer = createGazetteer(taxonomy);
  return {
    classifier: createClassifier(taxonomy),
    gazetteer,
    // A copy of its own: the pair verdicts a worker keeps (pair-verdicts.ts) belong to one context, and tell it by
    // this object, even when a new taxonomy comes with the same story settings.
    settings: { ...settings },
    isWire: createWireDetector(taxonomy.wireAgencies),
    fingerprintVersion: fingerprintVersionOf(gazetteer),
    decodedFingerprints: new DecodedFingerprints(),
  };
}
