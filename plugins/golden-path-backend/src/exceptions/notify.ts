import { LoggerService } from '@backstage/backend-plugin-api';
import { NotificationService } from '@backstage/plugin-notifications-node';
import { ExceptionRecord } from '@golden-path/plugin-golden-path-common';

/** The topic of every Golden Path exception notification (users may mute it in their settings). */
export const EXCEPTION_TOPIC = 'golden-path.exception';

const what = (e: ExceptionRecord) =>
  `${e.kind} "${e.name}" in ${e.environment} (${e.ruleIds.join(', ')})`;

/**
 * Tells people about an exception through Backstage notifications. A failure to notify is a warning:
 * the exception stands, and the exceptions page lists it either way.
 */
export function exceptionNotifier(
  notifications: NotificationService | undefined,
  logger: LoggerService,
) {
  const send = async (
    recipients: string,
    exclude: string | undefined,
    e: ExceptionRecord,
    title: string,
    description: string,
  ) => {
    if (!notifications) return;
    try {
      await notifications.send({
        recipients: {
          type: 'entity',
          entityRef: recipients,
          ...(exclude && { excludeEntityRef: exclude }),
        },
        payload: {
          title,
          description,
          link: `/golden-path/exceptions/${e.id}`,
          severity: 'normal',
          topic: EXCEPTION_TOPIC,
          scope: `golden-path-exception:${e.id}`,
        },
      });
    } catch (error) {
      logger.warn(
        `Golden Path exceptions: could not notify ${recipients} about ${
          e.id
        } (${(error as Error).message})`,
      );
    }
  };
  return {
    /** To the approver group (not the requester, who may be one of them). */
    requested: (e: ExceptionRecord) =>
      send(
        e.approvers,
        e.requester,
        e,
        `Exception requested: ${what(e)}`,
        `${e.requester} asks to deviate for ${
          e.durationDays
        } day(s): ${e.justification.slice(0, 300)}`,
      ),
    /** To the requester. */
    decided: (e: ExceptionRecord) =>
      send(
        e.requester,
        undefined,
        e,
        `Exception ${e.status === 'denied' ? 'denied' : 'approved'}: ${what(
          e,
        )}`,
        e.status === 'denied'
          ? `${e.decidedBy} denied it: ${e.comment ?? ''}`
          : `${e.decidedBy} approved it until ${
              e.expiresAt
            }: run the template again with the same values to use it once. ${
              e.comment ?? ''
            }`,
      ),
  };
}
