# Generates the NumPy-written fixtures (kept in git; regenerate with numpy >= 1.17).
import numpy as np
from numpy.lib import format as fmt

def save(name, arr, version=None, **kw):
    with open(name, 'wb') as f:
        fmt.write_array(f, arr, version=version, **kw)

x = np.arange(12, dtype='<f8').reshape(3, 4) / 8.0 - 0.5
save('f8_c_v1.npy', x, version=(1, 0))
save('f8_c_v2.npy', x, version=(2, 0))
save('f8_c_v3.npy', x, version=(3, 0))
save('f4_fortran.npy', np.asfortranarray(np.array([[1.5, -2.25, 3.0], [4.0, 5.5, -6.125]], dtype='<f4')))
save('i8_1d.npy', np.array([3, -1, 4, 1 << 40], dtype='<i8'))
save('i4_2d.npy', np.array([[1, 2], [3, -4]], dtype='<i4'))
save('u1_1d.npy', np.array([0, 255, 7], dtype='|u1'))
save('b1_1d.npy', np.array([True, False, True]))
save('U_0d.npy', np.array('softmax'))
save('U_1d_v3.npy', np.array(['relu', 'leaky_relu:0.1', 'tänh', '\U0001F600']), version=(3, 0))
save('f8_be.npy', np.arange(3, dtype='>f8'))
save('object.npy', np.array([1, 'a'], dtype=object), allow_pickle=True)

# A 2-state, 1-input, 1-output model as a user would save it from NumPy (no block members).
m = dict(A=np.array([[0.0, 0.0], [0.5, 0.0]]), B=np.array([[1.0], [-1.0]]), C=np.array([[1.0, 2.0]]),
         D=np.array([[0.25]]), bias_x=np.array([0.1, -0.2]), bias_y=np.array([0.3]),
         activation=np.array(['relu', 'tanh']), head=np.array('sigmoid'))
np.savez('model_numpy.npz', **m)
np.savez_compressed('model_numpy_compressed.npz', **m)

# A zip bomb in miniature: a deflated member of 512 KiB whose headers declare 1000 bytes.
import io, struct, zipfile
buffer = io.BytesIO()
np.save(buffer, np.zeros((256, 256)))
with zipfile.ZipFile('bomb.npz', 'w', zipfile.ZIP_DEFLATED) as z:
    z.writestr('A.npy', buffer.getvalue())
raw = bytearray(open('bomb.npz', 'rb').read())
assert raw[:4] == b'PK\x03\x04'
struct.pack_into('<I', raw, 22, 1000)
central = raw.index(b'PK\x01\x02')
struct.pack_into('<I', raw, central + 24, 1000)
open('bomb.npz', 'wb').write(bytes(raw))

# The same model as a zip tool streams it: deflated members with zip64 local headers and data
# descriptors (sizes and CRC after the data), and an archive comment.
class Unseekable(io.RawIOBase):
    def __init__(self):
        self.chunks = []
    def writable(self):
        return True
    def write(self, b):
        self.chunks.append(bytes(b))
        return len(b)
stream = Unseekable()
with zipfile.ZipFile(stream, 'w', zipfile.ZIP_DEFLATED) as z:
    z.comment = b'written to a stream'
    for name, array in m.items():
        info = zipfile.ZipInfo(name + '.npy', date_time=(2000, 1, 1, 0, 0, 0))
        info.compress_type = zipfile.ZIP_DEFLATED
        with z.open(info, 'w', force_zip64=True) as f:
            np.save(f, array)
open('model_streamed.npz', 'wb').write(b''.join(stream.chunks))
