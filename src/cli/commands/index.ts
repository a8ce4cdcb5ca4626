/** Every `backprop` command; a new command is a new file and one line here. */
import type { Command } from '../command';
import { exportCommand } from './export';
import { evaluate } from './evaluate';
import { gradcheck } from './gradcheck';
import { inspect } from './inspect';
import { predict } from './predict';
import { resume } from './resume';
import { shapes } from './shapes';
import { train } from './train';

export const commands: Command[] = [inspect, train, evaluate, predict, exportCommand, gradcheck, shapes, resume];
