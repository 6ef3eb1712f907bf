// Everything the curate stage needs, prepared once per process from the taxonomy and settings.
import { createClassifier } from "./classify-article.ts";
import type { Classifier } from "./classify-article.ts";
import { createGazetteer } from "./gazetteer.ts";
import type { Gazetteer } from "./gazetteer.ts";
import { createWireDetector } from "./story-cluster.ts";
import type { WireDetector } from "./story-cluster.ts";
import { DEFAULT_STORY_SETTINGS } from "./story-settings.ts";
import type { StorySettings } from "./story-settings.ts";
import type { Taxonomy } from "./taxonomy.ts";

export interface CurateContext {
  classifier: Classifier;
  gazetteer: Gazetteer;
  settings: StorySettings;
  isWire: WireDetector;
}

export function createCurateContext(
  taxonomy: Taxonomy,
  settings: StorySettings = DEFAULT_STORY_SETTINGS,
): CurateContext {
  return {
    classifier: createClassifier(taxonomy),
    gazetteer: createGazetteer(taxonomy),
    settings,
    isWire: createWireDetector(taxonomy.wireAgencies),
  };
}
