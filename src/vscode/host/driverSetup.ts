/**
 * The extension's configuration of the core run driver: everything comes from the settings, read
 * at the start of each stretch of work, and from the host's ports. No step of the run is here.
 */
import type { ChatModel } from '../../core/llm/chatModel';
import { DEFAULT_PLAN_LIMITS } from '../../core/plan/validate';
import type { Storage } from '../../core/ports';
import type { DriverConfig, DriverPorts, SelectionTestConfig } from '../../core/run/driver';
import type { TestApprovalPort } from '../../core/testing/authority';
import type { RegexMatcher } from '../../core/tools/regexMatcher';
import { SUMMARY_NOISE_GLOBS } from '../../core/workspace/summary';
import { createFsWorkspace } from '../../node/fsWorkspace';
import { nodeTestEnvironment, parseNetworkPolicy } from '../../node/testEnvironment';
import { externalToolsConfig } from './externalTools';
import type { HostPorts } from './ports';

export interface DriverInput {
  readonly root: string;
  readonly storage: Storage;
  readonly roles: readonly string[];
  readonly ports: HostPorts;
  readonly modelFor: (role: string) => ChatModel;
  readonly regex: RegexMatcher;
  /** VS Code's ripgrep, for the workspace's listing and search; absent: in-process. */
  readonly ripgrep?: string;
  readonly testApproval: TestApprovalPort;
  readonly signal: AbortSignal;
}

export function driverConfig(input: DriverInput): DriverConfig {
  const settings = input.ports.settings();
  const external = externalToolsConfig(input.root, input.ports, settings.agentTools);
  return {
    ...selectionTestConfig(input),
    modelFor: input.modelFor,
    concurrency: settings.concurrency,
    planLimits: { roles: input.roles, maxTasks: DEFAULT_PLAN_LIMITS.maxTasks },
    agentLimits: { maxTurns: settings.maxTurns, maxTokens: settings.maxTokensPerTask },
    priceOverrides: settings.prices,
    maxFixRounds: settings.maxFixRounds,
    budget: settings.runBudget,
    regex: input.regex,
    ...(external ? { externalTools: external } : {}),
  };
}

/** What testing the accepted selection needs (no model): the workspace, the journal and how tests run, from the settings. */
export function selectionTestConfig(input: Pick<DriverInput, 'root' | 'storage' | 'ports' | 'ripgrep' | 'signal'>): SelectionTestConfig {
  const settings = input.ports.settings();
  const network = parseNetworkPolicy(settings.testNetwork);
  return {
    root: input.root,
    workspace: createFsWorkspace(input.root, {
      ignoreGlobs: [...SUMMARY_NOISE_GLOBS, ...settings.ignore],
      ...(input.ripgrep ? { ripgrep: input.ripgrep } : {}),
    }),
    storage: input.storage,
    tests: nodeTestEnvironment({
      root: input.root,
      ...(settings.testCommand ? { userCommand: settings.testCommand } : {}),
      trusted: input.ports.isTrusted(),
      env: input.ports.env,
      apiKeys: async () => (await input.ports.apiKeys?.()) ?? [],
      timeoutMs: settings.testTimeoutSeconds * 1000,
      // The settings reader already reported an invalid entry; the tests then get no network.
      network: 'error' in network ? { kind: 'none' } : network,
      signal: input.signal,
    }),
    ...(input.ports.clock ? { now: () => input.ports.clock!.now() } : {}),
  };
}

export function driverPorts(ports: HostPorts, testApproval: TestApprovalPort): DriverPorts {
  return {
    // Read when the plan is ready: the user may have changed the setting while it was made.
    planGate: () => (ports.settings().autonomy === 'review-plan-and-changes' ? 'wait' : 'auto'),
    testApproval,
    ...(ports.askBudget ? { budgetReached: ports.askBudget } : {}),
    autoApply: () => {
      if (ports.settings().autonomy !== 'apply-when-tests-pass') return undefined;
      const apply = ports.applyPorts();
      return apply ? { ports: apply, requireTests: true } : undefined;
    },
  };
}
