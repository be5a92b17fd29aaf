import { type DynamicModule } from '@nestjs/common';
import { type Clock } from '@redress/business-time';
import type { TriageConfig } from './triage.config';
export interface TriageModuleOptions {
    config: TriageConfig;
    /** Tests inject a clock they move; production uses the system clock. */
    clock?: Clock;
}
export declare class TriageModule {
    static forRoot({ config, clock }: TriageModuleOptions): DynamicModule;
}
