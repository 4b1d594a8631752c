# Included by the top-level CMakeLists.txt before the library when INFOPLANE_FUZZ is ON: the
# whole build (library and targets) gets libFuzzer's coverage instrumentation and
# AddressSanitizer; the fuzz targets then link libFuzzer's main (fuzz/CMakeLists.txt).
if(NOT CMAKE_CXX_COMPILER_ID MATCHES "Clang")
  message(FATAL_ERROR "INFOPLANE_FUZZ needs clang (libFuzzer): configure with "
                      "CC=clang CXX=clang++, or use fuzz/run.sh")
endif()
add_compile_options(-fsanitize=fuzzer-no-link,address -fno-omit-frame-pointer -g)
add_link_options(-fsanitize=address)
