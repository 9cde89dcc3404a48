# kerf_private_includes(NAME OUT): sets OUT to a directory holding only the link NAME -> src/NAME,
# so that "NAME/x.h" resolves inside module NAME and nowhere else: a module's private headers
# (src/NAME/*.h) are invisible to every other module, which may include only include/kerf/...
function(kerf_private_includes name out)
  set(dir ${CMAKE_BINARY_DIR}/private/${name})
  file(MAKE_DIRECTORY ${dir})
  if(NOT IS_SYMLINK ${dir}/${name})
    file(CREATE_LINK ${PROJECT_SOURCE_DIR}/src/${name} ${dir}/${name} SYMBOLIC)
  endif()
  set(${out} ${dir} PARENT_SCOPE)
endfunction()

# kerf_module(NAME DEPS ...): library kerf_NAME from src/NAME/**.cpp with public headers in
# include/kerf/NAME and private headers visible to itself only.
function(kerf_module name)
  cmake_parse_arguments(ARG "" "" "DEPS" ${ARGN})
  file(GLOB_RECURSE sources CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/src/${name}/*.cpp)
  kerf_private_includes(${name} private_dir)
  add_library(kerf_${name} STATIC ${sources})
  target_include_directories(kerf_${name} PUBLIC ${PROJECT_SOURCE_DIR}/include
                             PRIVATE ${private_dir})
  target_link_libraries(kerf_${name} PUBLIC ${ARG_DEPS})
endfunction()

# kerf_module_tests(NAME [WHOLE] [LINK lib...]): one GoogleTest executable kerf_NAME_tests from
# tests/NAME/*_test.cpp, linked with the test environment and only the LINK libraries (the
# module it tests). Each test case is its own CTest test, except with WHOLE: then the
# executable is one CTest test, so process-wide fixtures (a PostgreSQL cluster, a server) start
# once per executable instead of once per case.
function(kerf_module_tests name)
  cmake_parse_arguments(ARG "WHOLE" "" "LINK" ${ARGN})
  file(GLOB_RECURSE sources CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/tests/${name}/*_test.cpp)
  if(NOT sources)
    return()
  endif()
  add_executable(kerf_${name}_tests ${sources})
  target_link_libraries(kerf_${name}_tests PRIVATE ${ARG_LINK} kerf_test_env GTest::gtest_main)
  if(ARG_WHOLE)
    add_test(NAME ${name} COMMAND kerf_${name}_tests --gtest_color=no)
    set_tests_properties(${name} PROPERTIES LABELS ${name} TIMEOUT 1200)
  else()
    gtest_discover_tests(kerf_${name}_tests DISCOVERY_TIMEOUT 60
                         PROPERTIES LABELS ${name} TIMEOUT 600)
  endif()
endfunction()
