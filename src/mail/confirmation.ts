// The double opt-in e-mail: one signed link that shows a page with a "Confirm" button. Nothing else is sent to
// an address until it is confirmed, so the form cannot be used to mail strangers more than this one message.
import type { SendMailOptions } from "nodemailer";
import { escapeMarkup, headerSafe } from "../digest/plain-text.ts";

export function composeConfirmationMail(from: string, to: string, confirmLink: string): SendMailOptions {
  const text = [
    "Someone (we hope you) asked to receive the Silkwire weekly digest at this address.",
    "",
    `To confirm, open this link and press the button: ${confirmLink}`,
    "",
    "If it was not you, ignore this message: without confirmation nothing more is sent.",
  ].join("\n");
  const link = escapeMarkup(confirmLink);
  const html = `<!doctype html><html><body style="font-family: Georgia, serif; font-size: 16px; line-height: 1.5;">
<p>Someone (we hope you) asked to receive the Silkwire weekly digest at this address.</p>
<p><a href="${link}">Confirm the subscription</a></p>
<p style="color: #6b665c; font-size: 13px;">If it was not you, ignore this message: without confirmation nothing more is sent.</p>
</body></html>`;
  return { from: headerSafe(from), to, subject: "Confirm your Silkwire weekly digest subscription", text, html };
}
