// The machine a bench report was measured on: CPU model, cache sizes per level (Linux sysfs; absent
// elsewhere), core count — printed at the top of the report and saved in its JSON.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { cpus } from 'node:os';

export interface CpuDescription {
  model: string;
  /** "family 25 model 17" from /proc/cpuinfo (virtual machines often hide the marketing name), or null. */
  familyModel: string | null;
  /** The widest x86 vector extension the CPU reports (AVX-512, AVX2), or null. */
  vector: string | null;
  cores: number;
  caches: { level: number; type: string; size: string }[];
}

/** cpu family, model and the widest vector flags, from /proc/cpuinfo where it exists. */
function procCpuinfo(): { familyModel: string | null; vector: string | null } {
  if (!existsSync('/proc/cpuinfo')) return { familyModel: null, vector: null };
  const text = readFileSync('/proc/cpuinfo', 'utf8');
  const field = (name: string): string | null => new RegExp(`^${name}\\s*:\\s*(.*)$`, 'm').exec(text)?.[1].trim() ?? null;
  const flags = ` ${field('flags') ?? ''} `;
  const family = field('cpu family'), model = field('model');
  return {
    familyModel: family && model ? `family ${family} model ${model}` : null,
    vector: flags.includes(' avx512f ') ? 'AVX-512' : flags.includes(' avx2 ') ? 'AVX2' : null,
  };
}

/** The CPU's model name, its caches as cpu0 sees them (L1d, L1i, L2, L3) and the core count. */
export function describeCpu(): CpuDescription {
  const info = cpus();
  const dir = '/sys/devices/system/cpu/cpu0/cache';
  const read = (path: string): string => readFileSync(path, 'utf8').trim();
  const caches = existsSync(dir)
    ? readdirSync(dir).filter((name) => name.startsWith('index')).flatMap((name) => {
      try {
        return [{ level: Number(read(`${dir}/${name}/level`)), type: read(`${dir}/${name}/type`), size: read(`${dir}/${name}/size`) }];
      } catch {
        return [];
      }
    }).sort((a, b) => a.level - b.level || a.type.localeCompare(b.type))
    : [];
  return { model: info[0]?.model.trim() ?? 'unknown', ...procCpuinfo(), cores: info.length, caches };
}

/** "AMD EPYC (family 25 model 17, AVX-512) · 2 cores · L1d 32K, L1i 32K, L2 1024K, L3 32768K". */
export function cpuLine(cpu: CpuDescription): string {
  const caches = cpu.caches.map((c) => `L${c.level}${c.type === 'Data' ? 'd' : c.type === 'Instruction' ? 'i' : ''} ${c.size}`).join(', ');
  const detail = [cpu.familyModel, cpu.vector].filter(Boolean).join(', ');
  return `${cpu.model}${detail ? ` (${detail})` : ''} · ${cpu.cores} core${cpu.cores === 1 ? '' : 's'}${caches ? ` · ${caches}` : ''}`;
}
