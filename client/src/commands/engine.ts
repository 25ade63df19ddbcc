// Commands behind the "Docker engine not reachable — Retry · Configure" lens and the trust lens.
import * as vscode from 'vscode';
import type { CommandFactory } from './index';
import { retryEngineNotification } from '../../../common/protocol';
import { SETTINGS } from '../config';

export const retryEngine: CommandFactory = (ctx) => () => ctx.client?.sendNotification(retryEngineNotification);

export const configureEngine: CommandFactory = () => () =>
  vscode.commands.executeCommand('workbench.action.openSettings', SETTINGS.dockerHost);

export const manageTrust: CommandFactory = () => () => vscode.commands.executeCommand('workbench.trust.manage');
