#ifndef P2PGRID_CHDF5_SHIM_H
#define P2PGRID_CHDF5_SHIM_H
// HDF5's type and property-list identifiers are macros over `_g` globals that
// Swift cannot import (and Swift 6 rejects mutable globals), so each one the
// Swift side needs is exposed through a static inline function here.
#include <hdf5.h>
// zlib is HDF5's deflate codec; HDF5Store calls it directly to compress chunks
// on several cores (HDF5's own filter pipeline runs on one) in HDF5's format.
#include <zlib.h>

static inline hid_t p2p_H5P_DEFAULT(void) { return H5P_DEFAULT; }
static inline hid_t p2p_H5S_ALL(void) { return H5S_ALL; }
static inline hid_t p2p_H5P_FILE_ACCESS(void) { return H5P_FILE_ACCESS; }
static inline hid_t p2p_H5P_DATASET_CREATE(void) { return H5P_DATASET_CREATE; }
static inline hid_t p2p_H5P_LINK_CREATE(void) { return H5P_LINK_CREATE; }
static inline hid_t p2p_H5P_FILE_CREATE(void) { return H5P_FILE_CREATE; }
static inline hid_t p2p_H5P_GROUP_CREATE(void) { return H5P_GROUP_CREATE; }
static inline hid_t p2p_H5P_DATASET_ACCESS(void) { return H5P_DATASET_ACCESS; }
static inline hid_t p2p_H5E_DEFAULT(void) { return H5E_DEFAULT; }

static inline unsigned p2p_H5F_ACC_TRUNC(void) { return H5F_ACC_TRUNC; }
static inline unsigned p2p_H5F_ACC_EXCL(void) { return H5F_ACC_EXCL; }
static inline unsigned p2p_H5F_ACC_RDONLY(void) { return H5F_ACC_RDONLY; }
static inline unsigned p2p_H5F_ACC_RDWR(void) { return H5F_ACC_RDWR; }
static inline hsize_t p2p_H5S_UNLIMITED(void) { return H5S_UNLIMITED; }

static inline hid_t p2p_H5T_NATIVE_FLOAT(void) { return H5T_NATIVE_FLOAT; }
static inline hid_t p2p_H5T_NATIVE_DOUBLE(void) { return H5T_NATIVE_DOUBLE; }
static inline hid_t p2p_H5T_NATIVE_INT32(void) { return H5T_NATIVE_INT32; }
static inline hid_t p2p_H5T_NATIVE_INT64(void) { return H5T_NATIVE_INT64; }
static inline hid_t p2p_H5T_NATIVE_UINT8(void) { return H5T_NATIVE_UINT8; }
static inline hid_t p2p_H5T_C_S1(void) { return H5T_C_S1; }
static inline hid_t p2p_H5T_IEEE_F32LE(void) { return H5T_IEEE_F32LE; }
static inline hid_t p2p_H5T_IEEE_F64LE(void) { return H5T_IEEE_F64LE; }
static inline hid_t p2p_H5T_STD_I32LE(void) { return H5T_STD_I32LE; }
static inline hid_t p2p_H5T_STD_I64LE(void) { return H5T_STD_I64LE; }
static inline hid_t p2p_H5T_STD_U8LE(void) { return H5T_STD_U8LE; }
static inline size_t p2p_H5T_VARIABLE(void) { return H5T_VARIABLE; }

#endif
