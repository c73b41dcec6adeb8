#include "sbmhd.h"
