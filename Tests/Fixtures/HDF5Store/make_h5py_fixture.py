#!/usr/bin/env python3
"""Writes h5py_fixture.h5, read by Tests/HDF5StoreTests/InteropTests.swift to check
that HDF5Store reads a file made by another HDF5 writer (h5py, with its own bundled
libhdf5), attributes included. Every value is a closed-form expression of its
indices, restated independently in the Swift test.

Made with h5py 3.16.0 (HDF5 2.0.0), numpy 2.4.6:
    python3 -m venv /tmp/venv && /tmp/venv/bin/pip install h5py numpy
    /tmp/venv/bin/python make_h5py_fixture.py
Neither the build nor the tests run this script.
"""
import json

import h5py
import numpy as np

with h5py.File("h5py_fixture.h5", "w", libver="earliest") as f:
    f.attrs["creator"] = "h5py"
    i, j = np.meshgrid(np.arange(3), np.arange(4), indexing="ij")
    f.create_dataset("loads", data=i * 10.0 + j * 0.5, dtype="<f8",
                     chunks=(2, 2), compression="gzip", compression_opts=4, shuffle=True)
    f.create_dataset("big_endian_ids", data=np.array([-1, 0, 1, 2**31 - 1], dtype=">i4"))
    f.create_dataset("counts", data=np.arange(5, dtype="<i8") ** 3)
    f.create_dataset("flags", data=np.array([0, 1, 1, 0], dtype="u1"))
    f.create_dataset("weights", data=(np.arange(8, dtype="<f4") / 8).reshape(2, 2, 2))
    f.create_dataset("names", data=["alpha", "β", ""], dtype=h5py.string_dtype())
    f.create_dataset("fixed", data=np.array([b"bus", b"feeder"], dtype="S8"))
    meta = f.create_group("meta")
    meta.attrs["seed"] = np.int64(1234)
    meta.attrs["rate"] = np.float64(0.125)
    meta.attrs["title"] = "h5py fixture"
    meta.attrs["tag"] = np.bytes_(b"fixed")
    meta.attrs["features"] = ["P_load_n", "pf"]
    meta.attrs["scale"] = np.array([0.5, 1.5], dtype="<f4")
    meta.attrs["small"] = np.int16(7)
    meta.attrs["config"] = json.dumps({"layers": 2, "name": "x"})
