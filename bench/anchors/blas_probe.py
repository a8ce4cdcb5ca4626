#!/usr/bin/python3
"""Which BLAS the anchors run: imports numpy (and torch with --torch), then prints one JSON line with the
shared libraries of a BLAS mapped into this process, OpenBLAS's own config and core name where it is
OpenBLAS, threadpoolctl's report where installed, and torch.__config__.show()'s BLAS and CPU lines."""
import ctypes, json, os, re, sys

# the anchor scripts drop these for themselves; probe what they run
for name in ('OPENBLAS_CORETYPE', 'OPENBLAS_L2_SIZE'):
    if os.environ.get(name):
        env = {k: v for k, v in os.environ.items() if k not in ('OPENBLAS_CORETYPE', 'OPENBLAS_L2_SIZE')}
        os.execve(sys.executable, [sys.executable] + sys.argv, env)

report = {'python': sys.version.split()[0]}
import numpy  # noqa: E402
report['numpy'] = numpy.__version__
if '--torch' in sys.argv:
    try:
        import torch
        report['torch'] = torch.__version__
        shown = torch.__config__.show()
        report['torch_config'] = [line.strip(' -') for line in shown.splitlines()
                                  if re.search(r'CPU capability|MKL|oneDNN|MKL-DNN', line) and 'Build settings' not in line]
        blas = re.search(r'BLAS_INFO=([^,\s]+)', shown)
        report['torch_blas_info'] = blas.group(1) if blas else None
        report['torch_mkldnn'] = bool(re.search(r'USE_MKLDNN=ON', shown))
    except Exception as error:  # torch absent or broken: say so, the numpy part still stands
        report['torch_error'] = str(error)

libraries = set()
with open('/proc/self/maps') as maps:
    for line in maps:
        path = line.split()[-1] if len(line.split()) >= 6 else ''
        if re.search(r'(openblas|blis|mkl|libblas|atlas|cblas|dnnl|mkldnn)', os.path.basename(path), re.I):
            libraries.add(os.path.realpath(path))
report['blas_libraries'] = sorted(libraries)

openblas = []
for path in report['blas_libraries']:
    try:
        lib = ctypes.CDLL(path)
    except OSError:
        continue
    entry = {'library': path}
    for what in ('config', 'corename'):  # plain OpenBLAS, and the symbol-suffixed builds numpy wheels ship
        for symbol in (f'openblas_get_{what}', f'openblas_get_{what}64_', f'scipy_openblas_get_{what}64_', f'scipy_openblas_get_{what}'):
            if hasattr(lib, symbol):
                fn = getattr(lib, symbol)
                fn.restype = ctypes.c_char_p
                entry[what] = fn().decode()
                break
    if len(entry) > 1:
        openblas.append(entry)
report['openblas'] = openblas

try:
    from threadpoolctl import threadpool_info
    report['threadpoolctl'] = [{k: v for k, v in pool.items() if k in ('internal_api', 'version', 'architecture', 'num_threads', 'filepath')}
                               for pool in threadpool_info()]
except ImportError:
    report['threadpoolctl'] = None
print(json.dumps(report))
