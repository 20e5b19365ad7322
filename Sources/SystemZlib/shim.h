// zlib, for inflating deflated zip members (NPZ files written by np.savez_compressed).
#include <zlib.h>
