/* OpenCV's BLAS/LAPACK calls, answered by NumPy's OpenBLAS.
 *
 * The opencv-python wheels link a private 39 MB OpenBLAS (32-bit integers, plain names:
 * dgesdd_, cblas_sgemm...) for 19 routines, and NumPy's wheels ship another OpenBLAS (64-bit
 * integers, names prefixed "scipy_" and suffixed "64_"). The Linux build replaces OpenCV's copy
 * with this file, compiled under the same soname: each routine widens its integer arguments,
 * calls NumPy's routine and narrows the results (info, pivot indices) back. Built and checked
 * by packaging/opencv_blas.py; see docs/INSTALLERS.md.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

typedef int64_t i64;
typedef size_t flen; /* gfortran's hidden CHARACTER length argument */

/* ---- BLAS: cblas_?gemm ------------------------------------------------------------------ */

#define GEMM_REAL(T, NAME, TARGET)                                                           \
    extern void TARGET(int, int, int, i64, i64, i64, T, const T *, i64, const T *, i64, T, \
                       T *, i64);                                                            \
    void NAME(int order, int ta, int tb, int m, int n, int k, T alpha, const T *a, int lda, \
              const T *b, int ldb, T beta, T *c, int ldc) {                                  \
        TARGET(order, ta, tb, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);                 \
    }

#define GEMM_COMPLEX(NAME, TARGET)                                                              \
    extern void TARGET(int, int, int, i64, i64, i64, const void *, const void *, i64,          \
                       const void *, i64, const void *, void *, i64);                          \
    void NAME(int order, int ta, int tb, int m, int n, int k, const void *alpha, const void *a, \
              int lda, const void *b, int ldb, const void *beta, void *c, int ldc) {           \
        TARGET(order, ta, tb, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);                   \
    }

GEMM_REAL(float, cblas_sgemm, scipy_cblas_sgemm64_)
GEMM_REAL(double, cblas_dgemm, scipy_cblas_dgemm64_)
GEMM_COMPLEX(cblas_cgemm, scipy_cblas_cgemm64_)
GEMM_COMPLEX(cblas_zgemm, scipy_cblas_zgemm64_)

/* ---- LAPACK ------------------------------------------------------------------------------ */

static i64 *wide_buffer(int count) { return malloc(sizeof(i64) * (size_t)(count > 0 ? count : 1)); }

static void narrow(const i64 *from, int *to, int count) {
    for (int i = 0; i < count; i++) to[i] = (int)from[i];
}

#define OUT_OF_MEMORY(info) \
    do {                    \
        *(info) = -1000;    \
        return;             \
    } while (0)

#define GESDD(T, NAME, TARGET)                                                                 \
    extern void TARGET(const char *, const i64 *, const i64 *, T *, const i64 *, T *, T *,     \
                       const i64 *, T *, const i64 *, T *, const i64 *, i64 *, i64 *, flen);  \
    void NAME(const char *jobz, const int *m, const int *n, T *a, const int *lda, T *s, T *u,  \
              const int *ldu, T *vt, const int *ldvt, T *work, const int *lwork, int *iwork,   \
              int *info) {                                                                     \
        (void)iwork;                                                                           \
        i64 M = *m, N = *n, LDA = *lda, LDU = *ldu, LDVT = *ldvt, LWORK = *lwork, INFO = 0;    \
        i64 *IWORK = wide_buffer(8 * (int)(M < N ? M : N));                                    \
        if (!IWORK) OUT_OF_MEMORY(info);                                                       \
        TARGET(jobz, &M, &N, a, &LDA, s, u, &LDU, vt, &LDVT, work, &LWORK, IWORK, &INFO, 1);   \
        free(IWORK);                                                                           \
        *info = (int)INFO;                                                                     \
    }

#define GELS(T, NAME, TARGET)                                                                 \
    extern void TARGET(const char *, const i64 *, const i64 *, const i64 *, T *, const i64 *, \
                       T *, const i64 *, T *, const i64 *, i64 *, flen);                     \
    void NAME(const char *trans, const int *m, const int *n, const int *nrhs, T *a,           \
              const int *lda, T *b, const int *ldb, T *work, const int *lwork, int *info) {   \
        i64 M = *m, N = *n, NRHS = *nrhs, LDA = *lda, LDB = *ldb, LWORK = *lwork, INFO = 0;   \
        TARGET(trans, &M, &N, &NRHS, a, &LDA, b, &LDB, work, &LWORK, &INFO, 1);               \
        *info = (int)INFO;                                                                    \
    }

#define GEQRF(T, NAME, TARGET)                                                                 \
    extern void TARGET(const i64 *, const i64 *, T *, const i64 *, T *, T *, const i64 *,      \
                       i64 *);                                                                 \
    void NAME(const int *m, const int *n, T *a, const int *lda, T *tau, T *work,               \
              const int *lwork, int *info) {                                                   \
        i64 M = *m, N = *n, LDA = *lda, LWORK = *lwork, INFO = 0;                              \
        TARGET(&M, &N, a, &LDA, tau, work, &LWORK, &INFO);                                     \
        *info = (int)INFO;                                                                     \
    }

#define GESV(T, NAME, TARGET)                                                                  \
    extern void TARGET(const i64 *, const i64 *, T *, const i64 *, i64 *, T *, const i64 *,    \
                       i64 *);                                                                 \
    void NAME(const int *n, const int *nrhs, T *a, const int *lda, int *ipiv, T *b,            \
              const int *ldb, int *info) {                                                     \
        i64 N = *n, NRHS = *nrhs, LDA = *lda, LDB = *ldb, INFO = 0;                            \
        i64 *IPIV = wide_buffer(*n);                                                           \
        if (!IPIV) OUT_OF_MEMORY(info);                                                        \
        TARGET(&N, &NRHS, a, &LDA, IPIV, b, &LDB, &INFO);                                      \
        narrow(IPIV, ipiv, *n);                                                                \
        free(IPIV);                                                                            \
        *info = (int)INFO;                                                                     \
    }

#define GETRF(T, NAME, TARGET)                                                                 \
    extern void TARGET(const i64 *, const i64 *, T *, const i64 *, i64 *, i64 *);             \
    void NAME(const int *m, const int *n, T *a, const int *lda, int *ipiv, int *info) {        \
        int pivots = *m < *n ? *m : *n;                                                        \
        i64 M = *m, N = *n, LDA = *lda, INFO = 0;                                              \
        i64 *IPIV = wide_buffer(pivots);                                                       \
        if (!IPIV) OUT_OF_MEMORY(info);                                                        \
        TARGET(&M, &N, a, &LDA, IPIV, &INFO);                                                  \
        narrow(IPIV, ipiv, pivots);                                                            \
        free(IPIV);                                                                            \
        *info = (int)INFO;                                                                     \
    }

#define POSV(T, NAME, TARGET)                                                                  \
    extern void TARGET(const char *, const i64 *, const i64 *, T *, const i64 *, T *,          \
                       const i64 *, i64 *, flen);                                              \
    void NAME(const char *uplo, const int *n, const int *nrhs, T *a, const int *lda, T *b,     \
              const int *ldb, int *info) {                                                     \
        i64 N = *n, NRHS = *nrhs, LDA = *lda, LDB = *ldb, INFO = 0;                            \
        TARGET(uplo, &N, &NRHS, a, &LDA, b, &LDB, &INFO, 1);                                   \
        *info = (int)INFO;                                                                     \
    }

#define POTRF(T, NAME, TARGET)                                                                 \
    extern void TARGET(const char *, const i64 *, T *, const i64 *, i64 *, flen);             \
    void NAME(const char *uplo, const int *n, T *a, const int *lda, int *info) {               \
        i64 N = *n, LDA = *lda, INFO = 0;                                                      \
        TARGET(uplo, &N, a, &LDA, &INFO, 1);                                                   \
        *info = (int)INFO;                                                                     \
    }

GESDD(float, sgesdd_, scipy_sgesdd_64_)
GESDD(double, dgesdd_, scipy_dgesdd_64_)
GELS(float, sgels_, scipy_sgels_64_)
GELS(double, dgels_, scipy_dgels_64_)
GEQRF(float, sgeqrf_, scipy_sgeqrf_64_)
GEQRF(double, dgeqrf_, scipy_dgeqrf_64_)
GESV(float, sgesv_, scipy_sgesv_64_)
GESV(double, dgesv_, scipy_dgesv_64_)
GETRF(float, sgetrf_, scipy_sgetrf_64_)
GETRF(double, dgetrf_, scipy_dgetrf_64_)
POSV(float, sposv_, scipy_sposv_64_)
POSV(double, dposv_, scipy_dposv_64_)
POTRF(float, spotrf_, scipy_spotrf_64_)
POTRF(double, dpotrf_, scipy_dpotrf_64_)

extern void scipy_dgeev_64_(const char *, const char *, const i64 *, double *, const i64 *,
                            double *, double *, double *, const i64 *, double *, const i64 *,
                            double *, const i64 *, i64 *, flen, flen);
void dgeev_(const char *jobvl, const char *jobvr, const int *n, double *a, const int *lda,
            double *wr, double *wi, double *vl, const int *ldvl, double *vr, const int *ldvr,
            double *work, const int *lwork, int *info) {
    i64 N = *n, LDA = *lda, LDVL = *ldvl, LDVR = *ldvr, LWORK = *lwork, INFO = 0;
    scipy_dgeev_64_(jobvl, jobvr, &N, a, &LDA, wr, wi, vl, &LDVL, vr, &LDVR, work, &LWORK, &INFO,
                    1, 1);
    *info = (int)INFO;
}
