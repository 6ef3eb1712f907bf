import { describe, expect, it } from "vitest";
import { createGazetteer } from "../../src/curate/gazetteer.ts";
import { fingerprintOf, storyKeysOf } from "../../src/curate/article-fingerprint.ts";
import { loadTaxonomyFile } from "../../src/config/taxonomy-file.ts";

const gazetteer = createGazetteer(loadTaxonomyFile("tests/curate/fixtures/taxonomy.yaml"));

describe("story keys for the window pre-filter", () => {
  it("keeps an article's names and figures when its title and lead have more features than keys", () => {
    const lead = [
      "双方在会谈中一致同意进一步深化能源领域务实合作，加快推进天然气管道项目建设，扩大油气贸易规模。",
      "与会代表表示，该项目将为地区经济发展注入新的动力，有助于保障能源供应安全，促进沿线国家共同繁荣。",
      "根据协议，有关企业将成立联合工作组，负责项目可行性研究、线路勘察设计以及融资方案的制定工作。",
      "专家认为，此举标志着两国能源合作迈上新台阶，对优化区域能源布局具有重要意义。",
    ].join("");
    const body = "俄罗斯天然气工业股份公司与中石油签署备忘录，西伯利亚力量2号管道每年输送500亿立方米天然气。";
    const fingerprint = fingerprintOf({ title: "中俄签署天然气管道建设备忘录", text: `${lead}\n${body}` }, gazetteer);
    expect(fingerprint.titleLead.size).toBeGreaterThan(80);
    const keys = storyKeysOf(fingerprint);
    expect(keys.length).toBeLessThanOrEqual(80);
    for (const name of fingerprint.textNames.keys()) expect(keys).toContain(name);
    expect(keys).toEqual(expect.arrayContaining(["@gazprom", "@cnpc", "@power_of_siberia"]));
  });
});
