/**
 * The test command question a run waits on: the driver asks through `port`, the user answers from
 * the sidebar's gate (`answer`) or from the notification the host shows. Only the question that
 * stands is settled: a notification clicked late answers nothing newer.
 */
import { cancelledError } from '../../core/common/errors';
import type { TestApprovalAnswer, TestApprovalPort } from '../../core/testing/authority';
import type { HostPorts } from './ports';

export class TestQuestion {
  private standing: { resolve: (answer: TestApprovalAnswer) => void } | undefined;

  constructor(private readonly askTests: HostPorts['askTests']) {}

  readonly port: TestApprovalPort = {
    ask: (request, signal) =>
      new Promise<TestApprovalAnswer>((resolve, reject) => {
        if (signal.aborted) return reject(cancelledError(signal));
        const onAbort = () => {
          this.standing = undefined;
          reject(cancelledError(signal));
        };
        signal.addEventListener('abort', onAbort, { once: true });
        const question = {
          resolve: (answer: TestApprovalAnswer) => {
            signal.removeEventListener('abort', onAbort);
            this.standing = undefined;
            resolve(answer);
          },
        };
        this.standing = question;
        this.askTests(request, (answer) => {
          if (this.standing === question) question.resolve(answer);
        });
      }),
  };

  /** Answers the standing question; false when none stands. */
  answer(answer: TestApprovalAnswer): boolean {
    const question = this.standing;
    if (!question) return false;
    question.resolve(answer);
    return true;
  }

  /** The work that asked has ended: nothing stands any more. */
  clear(): void {
    this.standing = undefined;
  }
}
