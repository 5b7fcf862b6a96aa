/* money.h — exact decimal arithmetic for sums of money (the orders roll-up's amounts and
 * refunds): whole cents in a long long, never a double. */
#ifndef CK_MONEY_H
#define CK_MONEY_H

/* Exact decimal arithmetic for sums of money: "1234.5" → 123450 cents (sub-cent digits are
 * rounded half away from zero). 0 on success, -1 when s is not a plain decimal. */
int ck_cents_parse(const char *s, long long *cents);
/* Cents → shortest plain decimal: 123450 → "1234.5", 100 → "1", 30 → "0.3". buf >= 32. */
char *ck_cents_format(long long cents, char *buf);

#endif
