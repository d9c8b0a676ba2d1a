import { defineApp, list, row, section } from "helpscout-dynamic-app";

export const app = defineApp({
  // The secret key set in Help Scout; several, separated by commas, while one is rotated.
  secrets: process.env.HELPSCOUT_SECRET?.split(",") ?? [],
  render: ({ request }) =>
    section(
      request.customerName ?? "Unknown customer",
      list(request.customerEmails.map((email) => row("E-mail", email))),
    ),
});
