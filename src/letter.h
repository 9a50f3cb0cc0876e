/*
 * letter.h - letters (函件): introduction letters (介绍信), invitations of
 * foreigners to China (邀请外国人来华函电) and private visa services
 * (因私签证代办). A letter is one batch (批); its persons are its 人次.
 * The record as stored; its routes: letter_api.h.
 */
#ifndef WAISHI_LETTER_H
#define WAISHI_LETTER_H

#include "record.h"

extern const struct record_def letter_record;

#endif
