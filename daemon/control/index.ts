// The control plane: the socket server and the protocol it speaks, for the daemon and the CLI.
export { CONTROL_ERROR_CODES, ControlError, type ControlErrorCode } from './control-error.js';
export {
  MAX_FRAME_BYTES,
  TOPICS,
  type ControlReply,
  type ControlRequest,
  type EventFrame,
  type RequestId,
  type Topic,
} from './control-protocol.js';
export { ControlServer, type ControlServerOptions } from './control-server.js';
export type * from './control-target.js';
export { EventHub } from './event-hub.js';
export { InstanceObserver } from './instance-observer.js';
export { MAX_BAD_FRAMES } from './client-session.js';
export {
  controlSocketPath,
  ControlSocketError,
  DaemonRunningError,
  throwOnUnusableSocketPath,
  isSocketAnswering,
  SOCKET_FILE,
} from './socket-path.js';
export { SupervisorTarget, type SupervisorTargetParts } from './supervisor-target.js';
