// RerunWorkflowFromEvent, the TaskHubSidecarService method of the Dapr fork of the durabletask protocol (Dapr 1.15+)
// that the protocol file `@dapr/durabletask-js` 1.0.0 ships does not declare yet: its request and response as the
// fork defines them (same field numbers, so any client of the fork's protocol can call it), added to the service.
import type { ServiceDefinition } from '@grpc/grpc-js';
import { fromJSON, type Options } from '@grpc/proto-loader';

/** The method's messages and service entry (protobufjs JSON form of the fork's definitions). */
const RERUN_PROTOCOL = {
  nested: {
    google: { nested: { protobuf: { nested: { StringValue: { fields: { value: { type: 'string', id: 1 } } } } } } },
    RerunWorkflowFromEventRequest: {
      oneofs: {
        _newInstanceID: { oneof: ['newInstanceID'] },
        _newChildWorkflowInstanceID: { oneof: ['newChildWorkflowInstanceID'] },
      },
      fields: {
        sourceInstanceID: { type: 'string', id: 1 },
        eventID: { type: 'uint32', id: 2 },
        newInstanceID: { type: 'string', id: 3, options: { proto3_optional: true } },
        input: { type: 'google.protobuf.StringValue', id: 4 },
        overwriteInput: { type: 'bool', id: 5 },
        newChildWorkflowInstanceID: { type: 'string', id: 6, options: { proto3_optional: true } },
      },
    },
    RerunWorkflowFromEventResponse: { fields: { newInstanceID: { type: 'string', id: 1 } } },
    TaskHubSidecarService: {
      methods: { RerunWorkflowFromEvent: { requestType: 'RerunWorkflowFromEventRequest', responseType: 'RerunWorkflowFromEventResponse' } },
    },
  },
};

/** A RerunWorkflowFromEventRequest as handlers see it (PROTO_LOADER_OPTIONS: unset optional fields are absent). */
export interface PbRerunWorkflowFromEventRequest {
  sourceInstanceID: string;
  eventID: number;
  newInstanceID?: string;
  input: { value: string } | null;
  overwriteInput: boolean;
  newChildWorkflowInstanceID?: string;
}

/** `taskHub` with RerunWorkflowFromEvent, unless the protocol file already declares it. */
export function withRerunMethod(taskHub: ServiceDefinition, options: Options): ServiceDefinition {
  if ('RerunWorkflowFromEvent' in taskHub) return taskHub;
  const added = fromJSON(RERUN_PROTOCOL as Parameters<typeof fromJSON>[0], options).TaskHubSidecarService as unknown as ServiceDefinition;
  return { ...taskHub, RerunWorkflowFromEvent: added.RerunWorkflowFromEvent };
}
