import { callerFromContext } from './caller';
import { answerError, cloudPlatform, type Platform } from './handler';
import { AppError, success } from './errors';
import type { Result } from '../../typings/contract';

/** The event CloudBase passes to a timer-triggered function. */
export interface TimerEvent {
  Type: 'Timer';
  TriggerName: string;
  Time: string;
}

export type TimerJob = (platform: Platform, now: Date) => Promise<unknown>;

function isTimerEvent(event: unknown): event is TimerEvent {
  const candidate = event as Partial<TimerEvent> | null;
  return candidate?.Type === 'Timer' && typeof candidate.TriggerName === 'string';
}

/** Builds the `main` of a function run only by its timer triggers; any other caller is refused. */
export function timerFunction(name: string, jobs: Record<string, TimerJob>, platform: Platform = cloudPlatform) {
  return async (event: unknown, context: unknown): Promise<Result<unknown>> => {
    try {
      if (callerFromContext(context).triggerSource !== 'timer' || !isTimerEvent(event)) {
        throw new AppError('FORBIDDEN', `${name} 只能由定时触发器调用`);
      }
      const job = Object.hasOwn(jobs, event.TriggerName) ? jobs[event.TriggerName] : undefined;
      if (!job) throw new AppError('UNKNOWN_ACTION', `没有名为 ${event.TriggerName} 的定时任务`);
      return success(await job(platform, platform.clock()));
    } catch (error) {
      return answerError(name, error);
    }
  };
}
