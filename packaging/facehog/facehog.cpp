// dlib's HOG frontal-face detector alone, as a small C library for the Linux installers.
//
// The dlib-bin wheel's _dlib_pybind11 module is 11 MB (all of dlib's Python bindings);
// Homebody calls one function of it: get_frontal_face_detector()(rgb, 1). This file compiles
// that detector from dlib's own source (the PyPI sdist, Boost Software License 1.0) with the
// same steps the Python binding takes -- upsample the image `upsample` times with
// pyramid_up, detect with adjust_threshold 0, map the boxes back -- so the boxes are dlib's.
// packaging/face_detector.py builds it and checks it against the wheel on real photos.
#include <dlib/image_processing/frontal_face_detector.h>
#include <dlib/image_transforms.h>

#include <cstring>
#include <exception>

namespace {
dlib::frontal_face_detector &detector() {
    static dlib::frontal_face_detector d = dlib::get_frontal_face_detector();
    return d;
}
}  // namespace

extern "C" {

// Faces in an 8-bit RGB image (rows x cols, rows of `stride` bytes). Writes up to `max_boxes`
// boxes as left, top, right, bottom into `boxes` (4 longs each) and returns how many faces
// were found (which may exceed max_boxes), or -1 on an error.
long facehog_detect(const unsigned char *rgb, long rows, long cols, long stride, int upsample,
                    long *boxes, long max_boxes) {
    try {
        dlib::array2d<dlib::rgb_pixel> img(rows, cols);
        for (long r = 0; r < rows; ++r) {
            const unsigned char *row = rgb + r * stride;
            for (long c = 0; c < cols; ++c)
                img[r][c] = dlib::rgb_pixel(row[3 * c], row[3 * c + 1], row[3 * c + 2]);
        }
        dlib::pyramid_down<2> pyr;
        for (int i = 0; i < upsample; ++i) dlib::pyramid_up(img, pyr);
        std::vector<dlib::rectangle> found = detector()(img, 0.0);
        for (size_t i = 0; i < found.size(); ++i) {
            dlib::rectangle rect = found[i];
            for (int k = 0; k < upsample; ++k) rect = pyr.rect_down(rect);
            if (static_cast<long>(i) < max_boxes) {
                boxes[4 * i] = rect.left();
                boxes[4 * i + 1] = rect.top();
                boxes[4 * i + 2] = rect.right();
                boxes[4 * i + 3] = rect.bottom();
            }
        }
        return static_cast<long>(found.size());
    } catch (const std::exception &) {
        return -1;
    }
}

}  // extern "C"
