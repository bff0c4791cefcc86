// stb_image's implementation, for the tests that decode the PNGs we write.
#define STB_IMAGE_IMPLEMENTATION
#define STBI_ONLY_PNG
#include <stb_image.h>
