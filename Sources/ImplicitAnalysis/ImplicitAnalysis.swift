// Analysis passes live here.
