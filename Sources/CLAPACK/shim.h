// The C declarations ImplicitKit calls: OpenBLAS's CBLAS and the LAPACKE wrappers.
// Debian: libopenblas-dev (cblas.h, libopenblas) and liblapacke-dev (lapacke.h, liblapacke).
#include <cblas.h>
#include <lapacke.h>
