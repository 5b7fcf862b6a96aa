/* custkit.h — the public interface of libcustkit, the core every custkit command shares: one
 * header per layer of lib/ (docs/ARCHITECTURE.md), lowest first. cmd/ and outside users include
 * this; lib/ itself includes only the headers each file needs.
 * lib/ never prints and never exits: functions return a CK_* code and fill a struct ck_error. */
#ifndef CUSTKIT_H
#define CUSTKIT_H

#include "base/base.h"
#include "io/io.h"
#include "clean/clean.h"
#include "clean/normalize.h"
#include "clean/refdata.h"
#include "clean/dedup.h"
#include "rules/rules.h"
#include "segment/segment.h"
#include "report/report.h"

#endif
