// Opens a digest's HTML in headless Chromium and saves screenshots in light and dark mode (prefers-color-scheme),
// at a desktop and a phone width, to look at before a template change lands.
//   node scripts/digest-screenshots.ts [DIGEST.html] [--out DIR]
// Without a file it renders a sample week (Latin, Cyrillic, Chinese and Arabic text). Needs Debian's chromium
// and fonts-noto-cjk (apt-get install -y chromium fonts-noto-cjk).
import { mkdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { chromium } from "playwright-core";
import { buildDigestContent } from "../src/digest/content.ts";
import { renderDigest } from "../src/digest/render.ts";
import type { DigestStory } from "../src/digest/types.ts";
import { parseIsoWeek, weekRange } from "../src/digest/week.ts";

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { out: { type: "string", default: "screenshots" } },
});

function sampleHtml(): string {
  const week = weekRange(parseIsoWeek("2025-W25"), "Asia/Almaty");
  const at = (days: number) => new Date(week.start.getTime() + days * 86_400_000);
  const story = (
    id: string,
    title: string,
    text: string,
    topics: string[],
    countries: string[],
    outlets: string[],
    days: number,
  ): DigestStory => ({
    id,
    title,
    text,
    topics,
    countries,
    relevance: 0.8,
    lastSeenAt: at(days),
    url: `https://${outlets[0].toLowerCase().replace(/\W+/g, "")}.example/${id}`,
    outlets: outlets.map((name) => ({ name, url: `https://${name.toLowerCase().replace(/\W+/g, "")}.example/${id}` })),
  });
  const stories = [
    story(
      "summit",
      "Xi and Tokayev open the second China–Central Asia summit in Astana",
      "Leaders of China and the five Central Asian states met in Astana on Tuesday. They signed a treaty of permanent good-neighbourliness and friendly cooperation. The next summit will be held in China in 2027.",
      ["diplomacy"],
      ["KZ", "CN", "UZ", "KG", "TJ", "TM"],
      ["The Astana Times", "Xinhua", "Kazinform", "AKIpress"],
      1,
    ),
    story(
      "cku",
      "Work starts on the first tunnel of the China–Kyrgyzstan–Uzbekistan railway",
      "Construction crews began boring the Kugart tunnel. The line will shorten freight routes from Kashgar to Andijan by 900 km.",
      ["transport_infrastructure"],
      ["KG", "UZ", "CN"],
      ["AKIpress", "Gazeta.uz"],
      2,
    ),
    story(
      "gas",
      "Туркменистан увеличил экспорт газа в Китай",
      "Поставки туркменского газа по газопроводу Центральная Азия — Китай выросли на десятую часть. CNPC подтвердила данные.",
      ["energy"],
      ["TM", "CN"],
      ["Интерфакс"],
      3,
    ),
    story(
      "zh",
      "中国与塔吉克斯坦签署农业合作协议",
      "两国农业部长在杜尚别签署协议。协议涵盖棉花和果蔬贸易。",
      ["agriculture"],
      ["TJ", "CN"],
      ["新华社", "Khovar"],
      4,
    ),
    story(
      "ar",
      "تعاون صيني أوزبكي في الطاقة الشمسية",
      "وقعت الشركات اتفاقا لبناء محطة للطاقة الشمسية في سمرقند.",
      ["energy"],
      ["UZ", "CN"],
      ["Al Jazeera"],
      5,
    ),
    story(
      "bank",
      "AIIB approves a $300 million loan for Uzbek roads",
      "The Asian Infrastructure Investment Bank approved the loan on Friday.",
      ["finance_investment"],
      ["UZ"],
      ["Kun.uz", "Reuters"],
      6,
    ),
  ];
  const content = buildDigestContent({
    week,
    stories,
    numbers: { articlesRead: 1843, stories: stories.length, sourcesPolled: 42, sourcesFailing: 2 },
    topicNames: {
      diplomacy: "Diplomacy",
      energy: "Energy",
      transport_infrastructure: "Transport and infrastructure",
      agriculture: "Agriculture",
      finance_investment: "Finance and investment",
    },
    countryNames: { KZ: "Kazakhstan", KG: "Kyrgyzstan", TJ: "Tajikistan", TM: "Turkmenistan", UZ: "Uzbekistan" },
  });
  return renderDigest(content, {
    viewInBrowser: "https://silkwire.example/digests/2025-W25.html",
    unsubscribe: "https://silkwire.example/unsubscribe?token=sample",
    archive: "https://silkwire.example/digests/",
  }).html;
}

const html = positionals[0] ? readFileSync(positionals[0], "utf8") : sampleHtml();
mkdirSync(values.out!, { recursive: true });
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"],
});
try {
  for (const [label, width] of [
    ["desktop", 900],
    ["phone", 390],
  ] as const) {
    for (const colorScheme of ["light", "dark"] as const) {
      const page = await browser.newPage({ colorScheme, viewport: { width, height: 900 } });
      // Offline: a digest must render without fetching anything.
      await page.route("**/*", (route) =>
        route.request().url().startsWith("data:") ? route.continue() : route.abort(),
      );
      await page.setContent(html, { waitUntil: "load" });
      const file = path.join(values.out!, `digest-${label}-${colorScheme}.png`);
      await page.screenshot({ path: file, fullPage: true });
      process.stdout.write(`${file}\n`);
      await page.close();
    }
  }
} finally {
  await browser.close();
}
