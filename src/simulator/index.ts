/** The RingCentral simulator: an in-process RingCentral for tests, benchmarks and the demo. */
export { RingCentralSimulator } from './ringcentral-simulator';
export type {
  AuditRecord,
  Failure,
  FailureMatch,
  RingcxAuditRecord,
  SimAccount,
  SimApp,
  SimCard,
  SimChat,
  SimChatType,
  SimExtension,
  SimLogger,
  SimMention,
  SimPhoneNumber,
  SimPost,
  SimRequestLogEntry,
  SimRingcxSubAccount,
  SimSentSms,
  SimSpecViolation,
  SimSubscription,
  SimulatorOptions,
} from './sim-types';
