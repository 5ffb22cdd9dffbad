/* Stand-ins for the AV1 (libaom) and VP8/VP9 (libvpx) codec libraries of the opencv-python
 * wheel, built by packaging/opencv_codecs.py with -DSTUB_AOM or -DSTUB_VPX under the soname of
 * the library they replace.
 *
 * Homebody never encodes video and never reads AVIF images: libaom is linked only by libavif
 * (AVIF still images) and libvpx only by FFmpeg's libvpx encoders/decoders, while FFmpeg decodes
 * VP8/VP9 with its own decoders and AV1 with dav1d (both kept). Every function here reports
 * failure the way the real library does for an unusable codec (an error code, or NULL for an
 * interface, frame or packet), so an attempt to use these codecs fails cleanly instead of
 * crashing. packaging/opencv_codecs.py checks that this file exports every symbol the bundle
 * imports from the replaced library, and packaging/codec_stub/probe.py that video still
 * decodes and encodes through FFmpeg's own codecs.
 */
#include <stddef.h>

#define STUB_ERROR 1 /* AOM_CODEC_ERROR / VPX_CODEC_ERROR: "unspecified error" */
static const char stub_message[] = "codec not included in this Homebody build";

#ifdef STUB_AOM
void *aom_codec_av1_cx(void) { return NULL; }
void *aom_codec_av1_dx(void) { return NULL; }
int aom_codec_control(void *ctx, int id, ...) { (void)ctx; (void)id; return STUB_ERROR; }
int aom_codec_dec_init_ver(void *ctx, void *iface, void *cfg, long flags, int ver) {
    (void)ctx; (void)iface; (void)cfg; (void)flags; (void)ver; return STUB_ERROR; }
int aom_codec_decode(void *ctx, void *data, size_t size, void *user) {
    (void)ctx; (void)data; (void)size; (void)user; return STUB_ERROR; }
int aom_codec_destroy(void *ctx) { (void)ctx; return STUB_ERROR; }
int aom_codec_enc_config_default(void *iface, void *cfg, unsigned usage) {
    (void)iface; (void)cfg; (void)usage; return STUB_ERROR; }
int aom_codec_enc_config_set(void *ctx, void *cfg) { (void)ctx; (void)cfg; return STUB_ERROR; }
int aom_codec_enc_init_ver(void *ctx, void *iface, void *cfg, long flags, int ver) {
    (void)ctx; (void)iface; (void)cfg; (void)flags; (void)ver; return STUB_ERROR; }
int aom_codec_encode(void *ctx, void *img, long long pts, unsigned long duration, long flags) {
    (void)ctx; (void)img; (void)pts; (void)duration; (void)flags; return STUB_ERROR; }
const char *aom_codec_err_to_string(int err) { (void)err; return stub_message; }
const char *aom_codec_error(void *ctx) { (void)ctx; return stub_message; }
const char *aom_codec_error_detail(void *ctx) { (void)ctx; return stub_message; }
void *aom_codec_get_cx_data(void *ctx, void *iter) { (void)ctx; (void)iter; return NULL; }
void *aom_codec_get_frame(void *ctx, void *iter) { (void)ctx; (void)iter; return NULL; }
int aom_codec_set_option(void *ctx, const char *name, const char *value) {
    (void)ctx; (void)name; (void)value; return STUB_ERROR; }
int aom_codec_version(void) { return 0; }
const char *aom_codec_version_str(void) { return "none"; }
void *aom_img_alloc(void *img, int fmt, unsigned w, unsigned h, unsigned align) {
    (void)img; (void)fmt; (void)w; (void)h; (void)align; return NULL; }
void aom_img_free(void *img) { (void)img; }
#endif

#ifdef STUB_VPX
const char *vpx_codec_build_config(void) { return "none"; }
int vpx_codec_control_(void *ctx, int id, ...) { (void)ctx; (void)id; return STUB_ERROR; }
int vpx_codec_dec_init_ver(void *ctx, void *iface, void *cfg, long flags, int ver) {
    (void)ctx; (void)iface; (void)cfg; (void)flags; (void)ver; return STUB_ERROR; }
int vpx_codec_decode(void *ctx, const void *data, unsigned size, void *user, long deadline) {
    (void)ctx; (void)data; (void)size; (void)user; (void)deadline; return STUB_ERROR; }
int vpx_codec_destroy(void *ctx) { (void)ctx; return STUB_ERROR; }
int vpx_codec_enc_config_default(void *iface, void *cfg, unsigned usage) {
    (void)iface; (void)cfg; (void)usage; return STUB_ERROR; }
int vpx_codec_enc_config_set(void *ctx, void *cfg) { (void)ctx; (void)cfg; return STUB_ERROR; }
int vpx_codec_enc_init_ver(void *ctx, void *iface, void *cfg, long flags, int ver) {
    (void)ctx; (void)iface; (void)cfg; (void)flags; (void)ver; return STUB_ERROR; }
int vpx_codec_encode(void *ctx, void *img, long long pts, unsigned long duration, long flags,
                     unsigned long deadline) {
    (void)ctx; (void)img; (void)pts; (void)duration; (void)flags; (void)deadline;
    return STUB_ERROR; }
const char *vpx_codec_err_to_string(int err) { (void)err; return stub_message; }
const char *vpx_codec_error(void *ctx) { (void)ctx; return stub_message; }
const char *vpx_codec_error_detail(void *ctx) { (void)ctx; return stub_message; }
long vpx_codec_get_caps(void *iface) { (void)iface; return 0; }
void *vpx_codec_get_cx_data(void *ctx, void *iter) { (void)ctx; (void)iter; return NULL; }
void *vpx_codec_get_frame(void *ctx, void *iter) { (void)ctx; (void)iter; return NULL; }
int vpx_codec_set_frame_buffer_functions(void *ctx, void *get, void *release, void *priv) {
    (void)ctx; (void)get; (void)release; (void)priv; return STUB_ERROR; }
int vpx_codec_version(void) { return 0; }
const char *vpx_codec_version_str(void) { return "none"; }
void *vpx_codec_vp8_cx(void) { return NULL; }
void *vpx_codec_vp8_dx(void) { return NULL; }
void *vpx_codec_vp9_cx(void) { return NULL; }
void *vpx_codec_vp9_dx(void) { return NULL; }
void *vpx_img_wrap(void *img, int fmt, unsigned w, unsigned h, unsigned align, void *data) {
    (void)img; (void)fmt; (void)w; (void)h; (void)align; (void)data; return NULL; }
#endif
