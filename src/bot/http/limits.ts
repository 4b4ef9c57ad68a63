/**
 * The largest request body the bot's HTTP server reads (2 MiB): a Bot Connector activity or a Slack request carrying
 * the longest message either platform sends, with room to spare. The CLI applies it to standard input too. This
 * module imports nothing, so the CLI can read it without loading the server.
 */
export const MAX_BODY_BYTES = 2 * 1024 * 1024;
