// Every client of the model works with Linalg's Matrix and BlockSparseMatrix.
@_exported import Linalg
