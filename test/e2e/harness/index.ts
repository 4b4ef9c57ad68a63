// End-to-end harness: the bot under test + the Microsoft 365 Agents Playground (Teams client
// emulator) + Debian's Chromium driven by playwright-core. Everything on 127.0.0.1, every process
// bounded in time. See test/e2e/playground-smoke.e2e.ts for a complete example.
export { outputDir, artifactPath, REPO_ROOT } from './output';
export {
  stopAll,
  registerCleanup,
  getFreePort,
  isPortFree,
  httpGet,
  httpGetJson,
  guardReports,
  withTimeout,
  PROCESS_MAX_SECONDS,
  RUN_MAX_SECONDS,
  type ManagedProcess,
} from './proc';
export { startBot, DEFAULT_BOT_COMMAND, type BotHandle, type StartBotOptions } from './bot';
export {
  startPlayground,
  buildPlaygroundConfig,
  parseRecording,
  E2E_USERS,
  E2E_TENANT,
  PLAYGROUND_CLI,
  type Playground,
  type PlaygroundOptions,
  type PlaygroundConfigFile,
  type RecordedEvent,
  type E2EUser,
  type ConversationKind,
} from './playground';
export {
  openChromium,
  openPlayground,
  selectConversation,
  sendMessage,
  channelPost,
  waitForCardContaining,
  cardsContaining,
  cardText,
  cardButtons,
  clickCardButton,
  screenshot,
  SEL,
  DESKTOP,
  PHONE,
  CHROMIUM_PATH,
  CHROMIUM_ARGS,
  type E2EBrowser,
  type OpenPlaygroundOptions,
  type SendOptions,
  type SentMessage,
  type ClickResult,
  type ScreenshotOptions,
} from './browser';
