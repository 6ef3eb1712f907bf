// Server-rendered HTML with escaping by default: every value interpolated into `html` is escaped unless it is
// itself the result of `html`. Pages stay readable on a phone with a few lines of CSS and no script.
import { escapeMarkup } from "../publish/text-safety.ts";

export class SafeHtml {
  readonly value: string;
  constructor(value: string) {
    this.value = value;
  }
  toString(): string {
    return this.value;
  }
}

type Value = SafeHtml | string | number | undefined | null | false | Value[];

function render(value: Value): string {
  if (value === undefined || value === null || value === false) return "";
  if (Array.isArray(value)) return value.map(render).join("");
  if (value instanceof SafeHtml) return value.value;
  return escapeMarkup(String(value));
}

export function html(strings: TemplateStringsArray, ...values: Value[]): SafeHtml {
  return new SafeHtml(strings.reduce((out, text, i) => out + text + (i < values.length ? render(values[i]) : ""), ""));
}

/** Already-sanitised HTML (article content through the shared sanitiser) may be inserted as is. */
export function trusted(sanitised: string): SafeHtml {
  return new SafeHtml(sanitised);
}

const STYLE = `
:root{color-scheme:light dark;--fg:#1b1b1b;--muted:#5f6368;--bg:#fff;--line:#e3e3e3;--accent:#0b57d0}
@media (prefers-color-scheme:dark){:root{--fg:#e8e8e8;--muted:#a0a4a8;--bg:#141414;--line:#333;--accent:#8ab4f8}}
*{box-sizing:border-box}body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans","Noto Sans CJK SC",sans-serif;color:var(--fg);background:var(--bg)}
main,header,footer{max-width:46rem;margin:0 auto;padding:0 1rem}header{padding-top:1rem;border-bottom:1px solid var(--line)}
header a{color:inherit;text-decoration:none;font-weight:700;font-size:1.2rem}nav a{margin-right:1rem;font-size:1rem;font-weight:400;color:var(--accent)}
a{color:var(--accent);overflow-wrap:anywhere}h1{font-size:1.5rem;line-height:1.25}h2{font-size:1.15rem;margin:0 0 .25rem}
.meta{color:var(--muted);font-size:.9rem}.story{padding:1rem 0;border-bottom:1px solid var(--line)}
.tags span{display:inline-block;border:1px solid var(--line);border-radius:1rem;padding:0 .5rem;margin:.15rem .25rem 0 0;font-size:.8rem}
table{border-collapse:collapse;width:100%}td,th{text-align:left;padding:.4rem .3rem;border-bottom:1px solid var(--line);vertical-align:top}
form{display:flex;flex-wrap:wrap;gap:.5rem;margin:1rem 0}input,select,button{font:inherit;padding:.3rem .5rem;min-width:0;max-width:100%}
.content img{max-width:100%;height:auto}.content{overflow-wrap:anywhere}footer{color:var(--muted);font-size:.85rem;padding:2rem 1rem}
ul.copies{padding-left:1.2rem}ul.copies li{margin:.3rem 0}.tags{margin-bottom:1rem}main h2{margin-top:1.5rem}.story h2{margin-top:0}
details.filters summary{cursor:pointer;color:var(--accent)}
`;

export function page(options: { title: string; body: SafeHtml; head?: SafeHtml; siteTitle: string }): string {
  return html`<!doctype html>
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>${options.title}</title>
        <style>
          ${trusted(STYLE)}
        </style>
        ${options.head}
      </head>
      <body>
        <header>
          <a href="/">${options.siteTitle}</a>
          <nav><a href="/">Feeds</a><a href="/stories">Stories</a><a href="/feeds.opml">OPML</a></nav>
        </header>
        <main>${options.body}</main>
        <footer>Silkwire: China–Central Asia news, one item per story.</footer>
      </body>
    </html> `.value;
}
