"""Pins what the oracles' numeric kernels may use, so that `make golden` gives the same bytes on any x86-64 CPU.

PyTorch (oneDNN convolutions, ATen's vectorised loops), NumPy (SIMD loops and float32 exp/log) and OpenCV choose their
code at run time from the CPU's instruction set and the thread count; each choice sums in another order or uses
another exp, so the goldens would record the machine they were made on (an AVX-512 machine and an AVX2-only one
differed in every torch_gradcam case). Imported first by generate.py, before NumPy or PyTorch load, it forces:
  - one thread everywhere (OpenMP, BLAS, PyTorch's intra-op pool, OpenCV);
  - PyTorch's generic kernels (ATEN_CPU_CAPABILITY=default) and no oneDNN (torch.backends.mkldnn.enabled = False, and
    DNNL_MAX_CPU_ISA=SSE41 should anything still reach it): convolutions then run ATen's own im2col + BLAS gemm;
  - NumPy's baseline SSE/SSE2/SSE3 loops (NPY_DISABLE_CPU_FEATURES lists every feature it can dispatch to);
  - OpenCV without its optimised dispatch (cv2.setUseOptimized(False)), one thread;
  - the reference BLAS (Debian's libblas3, no CPU dispatch); generation stops if libblas.so.3 is another library.
TensorFlow.js needs nothing: its 'cpu' backend is plain JavaScript and its wasm backend runs 128-bit WebAssembly SIMD,
whose results do not depend on the host CPU. Every manifest records SETTINGS under provenance.kernels."""
import os
import sys

# NumPy 1.24's dispatch list (numpy.core._multiarray_umath.__cpu_dispatch__); features a CPU lacks are off anyway
NUMPY_DISPATCH = "SSSE3 SSE41 POPCNT SSE42 AVX F16C FMA3 AVX2 AVX512F AVX512CD AVX512_SKX AVX512_CLX AVX512_CNL AVX512_ICL"
BLAS_ALTERNATIVE = "/etc/alternatives/libblas.so.3-x86_64-linux-gnu"
REFERENCE_BLAS = "/usr/lib/x86_64-linux-gnu/blas/"

ENV = {
    "OMP_NUM_THREADS": "1",
    "OPENBLAS_NUM_THREADS": "1",
    "MKL_NUM_THREADS": "1",
    "ATEN_CPU_CAPABILITY": "default",
    "DNNL_MAX_CPU_ISA": "SSE41",
    "NPY_DISABLE_CPU_FEATURES": NUMPY_DISPATCH,
}

SETTINGS = {
    **ENV,
    "torch": "torch.set_num_threads(1); torch.backends.mkldnn.enabled = False",
    "opencv": "cv2.setUseOptimized(False); cv2.setNumThreads(1)",
    "blas": "Debian libblas3 (reference BLAS)",
}


def _check_blas():
    if os.path.exists(BLAS_ALTERNATIVE):
        real = os.path.realpath(BLAS_ALTERNATIVE)
        if not real.startswith(REFERENCE_BLAS):
            sys.exit(f"make golden: libblas.so.3 is {real}, not Debian's reference BLAS ({REFERENCE_BLAS}); its CPU-dependent "
                     "kernels would change the goldens. Select libblas3 with update-alternatives --config "
                     "libblas.so.3-x86_64-linux-gnu")


def pin_environment():
    if "numpy" in sys.modules or "torch" in sys.modules:
        sys.exit("kernels.pin_environment() must run before NumPy or PyTorch is imported")
    os.environ.update(ENV)
    _check_blas()


def pin_torch(torch):
    torch.set_num_threads(1)
    torch.backends.mkldnn.enabled = False
    cap = [line for line in torch.__config__.show().splitlines() if "CPU capability usage" in line]
    if not cap or "NO AVX" not in cap[0]:
        sys.exit(f"PyTorch did not take ATEN_CPU_CAPABILITY=default ({cap}); import it only after kernels.pin_environment()")


def pin_opencv(cv2):
    cv2.setUseOptimized(False)
    cv2.setNumThreads(1)
