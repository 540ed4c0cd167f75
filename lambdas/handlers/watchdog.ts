/** Lambda entry point of the watchdog (EventBridge schedule). */
import { watchdogFunction } from '../composition';
import { watchdogEntry } from '../entries/watchdog';
import { awsPlatform } from '../platform/aws';

export const handler = watchdogEntry(watchdogFunction(awsPlatform));
