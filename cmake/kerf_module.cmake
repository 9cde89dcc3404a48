# kerf_module(NAME DEPS ...): library kerf_NAME from src/NAME/**.cpp with public headers in
# include/kerf/NAME. A module without sources yet is an INTERFACE library.
function(kerf_module name)
  cmake_parse_arguments(ARG "" "" "DEPS" ${ARGN})
  file(GLOB_RECURSE sources CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/src/${name}/*.cpp)
  if(sources)
    add_library(kerf_${name} STATIC ${sources})
    target_include_directories(kerf_${name} PUBLIC ${PROJECT_SOURCE_DIR}/include
                               PRIVATE ${PROJECT_SOURCE_DIR}/src)
    target_link_libraries(kerf_${name} PUBLIC ${ARG_DEPS})
  else()
    add_library(kerf_${name} INTERFACE)
    target_include_directories(kerf_${name} INTERFACE ${PROJECT_SOURCE_DIR}/include)
    target_link_libraries(kerf_${name} INTERFACE ${ARG_DEPS})
  endif()
endfunction()

# kerf_module_tests(NAME [WHOLE]): one GoogleTest executable kerf_NAME_tests from
# tests/NAME/*_test.cpp. Each test case is its own CTest test, except with WHOLE: then the
# executable is one CTest test, so process-wide fixtures (a PostgreSQL cluster, a server) start
# once per executable instead of once per case.
function(kerf_module_tests name)
  cmake_parse_arguments(ARG "WHOLE" "" "" ${ARGN})
  file(GLOB_RECURSE sources CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/tests/${name}/*_test.cpp)
  if(NOT sources)
    return()
  endif()
  add_executable(kerf_${name}_tests ${sources})
  target_link_libraries(kerf_${name}_tests PRIVATE kerf_test_support GTest::gtest_main)
  if(ARG_WHOLE)
    add_test(NAME ${name} COMMAND kerf_${name}_tests --gtest_color=no)
    set_tests_properties(${name} PROPERTIES LABELS ${name} TIMEOUT 1200)
  else()
    gtest_discover_tests(kerf_${name}_tests DISCOVERY_TIMEOUT 60
                         PROPERTIES LABELS ${name} TIMEOUT 600)
  endif()
endfunction()
