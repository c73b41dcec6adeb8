lib/jscan.o: lib/jscan.c lib/jscan.h
lib/jscan.h:
