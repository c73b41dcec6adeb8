lib/timefmt.o: lib/timefmt.c lib/timefmt.h
lib/timefmt.h:
