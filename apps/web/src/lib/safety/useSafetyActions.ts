/**
 * The report and block dialogs of one chat: which is open and for whom, sending, its error and
 * its outcome. A block takes the student's messages out of the chat at once (`onBlocked`).
 */
import type { MutationInput } from '../query';
import type { PersistedRoomEvent } from '@studysync/api';
import type { ReportReason } from '@studysync/validators';
import { useMutation } from '@tanstack/vue-query';
import { ref } from 'vue';
import { toFormErrors } from '../formErrors';
import { useTrpcOptions } from '../query';

type ReportTarget = MutationInput<'safety.report'>['target'];

export interface ReportRequest {
  target: ReportTarget;
  title: string;
  quote: string | null;
}

export interface BlockRequest {
  userId: string;
  name: string;
}

export function useSafetyActions(onBlocked: (userId: string, name: string) => void) {
  const trpc = useTrpcOptions();
  const reportMutation = useMutation(trpc.safety.report.mutationOptions());
  const blockMutation = useMutation(trpc.safety.block.mutationOptions({ invalidates: [trpc.safety.blocked] }));

  const report = ref<ReportRequest | null>(null);
  const reportSent = ref(false);
  const reportError = ref<string | null>(null);
  const block = ref<BlockRequest | null>(null);
  const blockError = ref<string | null>(null);
  /** Said once a block went through (a polite live region shows it). */
  const notice = ref<string | null>(null);

  function openReport(request: ReportRequest): void {
    report.value = request;
    reportSent.value = false;
    reportError.value = null;
  }

  const reportMessage = (roomId: string, event: Extract<PersistedRoomEvent, { type: 'message' }>) =>
    openReport({
      target: { kind: 'message', roomId, messageId: event.id },
      title: `Report ${event.authorName}'s message`,
      quote: event.text,
    });

  const reportMember = (roomId: string, userId: string, name: string) =>
    openReport({ target: { kind: 'member', roomId, userId }, title: `Report ${name}`, quote: null });

  async function sendReport(reason: ReportReason, text: string | undefined): Promise<void> {
    const request = report.value;
    if (!request || reportMutation.isPending.value) return;
    reportError.value = null;
    try {
      await reportMutation.mutateAsync({ target: request.target, reason, ...(text ? { text } : {}) });
      reportSent.value = true;
    } catch (error) {
      reportError.value = toFormErrors(error, []).message;
    }
  }

  function openBlock(userId: string, name: string): void {
    block.value = { userId, name };
    blockError.value = null;
  }

  async function confirmBlock(): Promise<void> {
    const request = block.value;
    if (!request || blockMutation.isPending.value) return;
    blockError.value = null;
    try {
      await blockMutation.mutateAsync({ userId: request.userId });
      onBlocked(request.userId, request.name);
      notice.value = `You blocked ${request.name}. Their messages are hidden and you won't be paired again.`;
      block.value = null;
    } catch (error) {
      blockError.value = toFormErrors(error, []).message;
    }
  }

  return {
    report,
    reportSent,
    reportError,
    reportPending: reportMutation.isPending,
    reportMessage,
    reportMember,
    sendReport,
    closeReport: () => (report.value = null),
    block,
    blockError,
    blockPending: blockMutation.isPending,
    openBlock,
    confirmBlock,
    closeBlock: () => (block.value = null),
    notice,
  };
}

export type SafetyActions = ReturnType<typeof useSafetyActions>;
