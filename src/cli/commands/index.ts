/** Every `backprop` command; a new command is a new file and one line here. */
import type { Command } from '../command';
import { cv } from './cv';
import { exportCommand } from './export';
import { evaluate } from './evaluate';
import { gradcheck } from './gradcheck';
import { inspect } from './inspect';
import { lrFind } from './lr-find';
import { predict } from './predict';
import { resume } from './resume';
import { sweep } from './sweep';
import { shapes } from './shapes';
import { train } from './train';

export const commands: Command[] = [inspect, train, evaluate, predict, exportCommand, gradcheck, shapes, resume, cv, lrFind, sweep];
