// A native addon "built for another runtime": it registers itself the pre-N-API way, as
// every addon compiled against a Node or Electron's headers does, claiming a
// NODE_MODULE_VERSION no runtime has. Loading it fails exactly as a wrong-ABI build does.
// Compiled with the C compiler that better-sqlite3's own install needs.
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const FOREIGN_ABI = 999;

/** Writes `<dir>/better_sqlite3.node` and returns its path. */
export function compileForeignAbiAddon(dir: string): string {
  const source = join(dir, 'foreign.c');
  const out = join(dir, 'better_sqlite3.node');
  writeFileSync(
    source,
    `#include <stddef.h>
struct node_module { int v; unsigned int flags; void* dso; const char* file; void* reg; void* ctx; ` +
      `const char* name; void* priv; void* link; };
extern void node_module_register(void*);
static struct node_module m = { ${FOREIGN_ABI}, 0, NULL, "foreign.c", NULL, NULL, "foreign", NULL, NULL };
__attribute__((constructor)) static void init(void) { node_module_register(&m); }
`,
  );
  // node_module_register is the runtime's own export, resolved when the addon loads.
  const flags = process.platform === 'darwin' ? ['-bundle', '-undefined', 'dynamic_lookup'] : ['-shared', '-fPIC'];
  execFileSync('cc', [...flags, '-o', out, source]);
  return out;
}
