/* template.c — the blank entry workbook of `custkit template` on libxlsxwriter: a sheet of
 * fixed columns whose entry rows carry data validation (dropdowns, phone pattern, dates,
 * non-negative amounts), input messages and text formats, its header frozen, bold and
 * protected; a second sheet saying how to fill each column in. */
#include "report/template.h"
#include "clean/places_data.h"
#include "report/plan.h"
#include "report/sheet_names.h"
#include "report/text.h"
#include "report/report.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>
#include <xlsxwriter.h>

/* What a column holds, which decides its validation and number format. */
enum kind { T_TEXT, T_ID, T_PHONE, T_EMAIL, T_LIST, T_DATE, T_AMOUNT, T_COUNT, T_AGE };

/* Dropdown lists a column starts with (comma-separated; "" = none; PROVINCES = the table). */
static const char PROVINCES[] = "<provinces>";

static const struct field {
    const char *name; /* --columns name: the role's, or level / channel */
    int kind;
    int required;
    int strict;            /* a dropdown refuses other values (else it warns) */
    const char *header[2]; /* [CK_LANG_EN], [CK_LANG_ZH]: headers ck_roles_resolve knows */
    const char *what[2];   /* the input message: what to enter */
    const char *example[2];
    const char *list[2];
    double width;
} fields[] = {
    {"id", T_ID, 0, 0, {"Customer ID", "客户编号"},
     {"Your own number for the customer, unique in the table; kept as text, leading zeros "
      "included.",
      "客户的唯一编号，表内不重复；按文本保存，开头的 0 不会丢。"},
     {"C0001", "C0001"}, {"", ""}, 12},
    {"name", T_TEXT, 1, 0, {"Name", "姓名"},
     {"The customer's full name (or the company contact's).", "客户的姓名（公司客户填联系人）。"},
     {"Li Lei", "张伟"}, {"", ""}, 12},
    {"gender", T_LIST, 0, 1, {"Gender", "性别"},
     {"Choose from the list.", "从下拉列表中选择。"}, {"Female", "女"},
     {"Male,Female", "男,女"}, 8},
    {"phone", T_PHONE, 1, 0, {"Phone", "手机号"},
     {"11-digit mobile number (13812345678) or a landline with its area code (010-62345678); "
      "digits only, no spaces or +86.",
      "11 位手机号（13812345678），或带区号的固定电话（010-62345678）；只填数字，不加空格或 "
      "+86。"},
     {"13812345678", "13812345678"}, {"", ""}, 15},
    {"email", T_EMAIL, 0, 0, {"Email", "邮箱"},
     {"E-mail address, such as name@example.com.", "电子邮箱，例如 name@example.com。"},
     {"lilei@example.com", "zhangwei@example.com"}, {"", ""}, 24},
    {"company", T_TEXT, 0, 0, {"Company", "公司"},
     {"The customer's company or organisation, if any.", "客户所在的公司或单位，没有可不填。"},
     {"Example Trading Co., Ltd.", "上海示例贸易有限公司"}, {"", ""}, 24},
    {"province", T_LIST, 0, 1, {"Province", "省份"},
     {"Choose the province, autonomous region or municipality from the list.",
      "从下拉列表中选择省、自治区或直辖市（全称）。"},
     {"Guangdong", "广东省"}, {PROVINCES, PROVINCES}, 16},
    {"city", T_TEXT, 0, 0, {"City", "城市"},
     {"The city (prefecture level), such as Shenzhen.", "地级市，例如 深圳市。"},
     {"Shenzhen", "深圳市"}, {"", ""}, 12},
    {"industry", T_TEXT, 0, 0, {"Industry", "行业"},
     {"The customer's industry.", "客户所属行业。"}, {"Retail", "零售"}, {"", ""}, 12},
    {"birthdate", T_DATE, 0, 0, {"Date of birth", "出生日期"},
     {"A date, such as 1990-05-17.", "日期，例如 1990-05-17。"}, {"1990-05-17", "1990-05-17"},
     {"", ""}, 12},
    {"age", T_AGE, 0, 0, {"Age", "年龄"},
     {"A whole number from 0 to 150.", "0 到 150 的整数。"}, {"34", "34"}, {"", ""}, 8},
    {"first_purchase", T_DATE, 0, 0, {"First purchase date", "首次购买日期"},
     {"The date of the first purchase, such as 2024-03-08.", "第一次购买的日期，例如 "
                                                             "2024-03-08。"},
     {"2024-03-08", "2024-03-08"}, {"", ""}, 14},
    {"last_purchase", T_DATE, 0, 0, {"Last purchase date", "最近购买日期"},
     {"The date of the latest purchase, such as 2026-09-12.", "最近一次购买的日期，例如 "
                                                              "2026-09-12。"},
     {"2026-09-12", "2026-09-12"}, {"", ""}, 14},
    {"orders", T_COUNT, 0, 0, {"Orders", "购买次数"},
     {"How many times the customer has bought: a whole number, 0 or more.",
      "累计购买的次数：0 或正整数。"},
     {"5", "5"}, {"", ""}, 10},
    {"amount", T_AMOUNT, 0, 0, {"Amount", "消费金额"},
     {"Total spent, a number of 0 or more without a currency sign.",
      "累计消费金额：大于或等于 0 的数字，不加货币符号。"},
     {"3280.50", "3280.50"}, {"", ""}, 12},
    {"level", T_LIST, 0, 0, {"Customer level", "客户等级"},
     {"Choose from the list (other values are allowed after a warning).",
      "从下拉列表中选择（填写其他值时会提示）。"},
     {"Gold", "金卡会员"}, {"Regular,Silver,Gold,Diamond", "普通会员,银卡会员,金卡会员,钻石会员"},
     12},
    {"channel", T_LIST, 0, 0, {"Source channel", "来源渠道"},
     {"Where the customer came from: choose from the list (other values are allowed after a "
      "warning).",
      "客户从哪里来：从下拉列表中选择（填写其他值时会提示）。"},
     {"Referral", "朋友介绍"},
     {"Store,Website,Marketplace,WeChat,Phone,Referral,Trade show,Other",
      "门店,官网,电商平台,微信,电话,朋友介绍,展会,其他"},
     12},
    {"address", T_TEXT, 0, 0, {"Address", "地址"},
     {"The full postal address, province first.", "完整的联系地址，从省份写起。"},
     {"Nanshan District, Shenzhen, Guangdong", "广东省深圳市南山区科技园路 1 号"}, {"", ""}, 30},
    {"district", T_TEXT, 0, 0, {"District", "区县"},
     {"The district or county.", "区或县。"}, {"Nanshan District", "南山区"}, {"", ""}, 10},
    {"notes", T_TEXT, 0, 0, {"Notes", "备注"},
     {"Anything else worth knowing.", "其他需要说明的情况。"}, {"Prefers calls after 6 pm",
                                                                "晚上 6 点后方便接电话"},
     {"", ""}, 24},
};
enum { NFIELDS = sizeof fields / sizeof *fields };

/* The columns of a template when --columns is not given. */
static const char *const default_columns[] = {
    "id",     "name",    "gender", "phone",          "email",         "company",
    "province", "city",  "birthdate", "level",       "channel",       "first_purchase",
    "last_purchase", "orders", "amount", "notes",
};

/* The labels of the template, [en, zh]. */
static const char *const L_SHEET[2] = {"Customers", "客户登记表"};
static const char *const L_HELP[2] = {"How to fill in", "填写说明"};
static const char *const L_HELP_HEAD[5][2] = {{"Column", "列名"},
                                              {"Role", "角色"},
                                              {"What to enter", "填写内容"},
                                              {"Example", "示例"},
                                              {"Required", "是否必填"}};
static const char *const L_REQUIRED[2][2] = {{"Optional", "选填"}, {"Required", "必填"}};
static const char *const L_NOT_ROLE[2] = {" (kept as it is)", "（原样保留）"};
static const char *const L_BAD_T[2] = {"Not accepted", "输入有误"};
static const char *const L_REQ_MARK[2] = {" (required)", "（必填）"};

int ck_template_field(const char *name)
{
    for (int f = 0; f < NFIELDS; f++)
        if (strcasecmp(name, fields[f].name) == 0)
            return f;
    return -1;
}

const char *ck_template_field_name(int f)
{
    return f >= 0 && f < NFIELDS ? fields[f].name : "?";
}

const char *ck_template_field_names(void)
{
    static char names[400];
    if (!names[0]) {
        size_t o = 0;
        for (int f = 0; f < NFIELDS && o < sizeof names; f++)
            o += (size_t)snprintf(names + o, sizeof names - o, "%s%s", f ? ", " : "",
                                  fields[f].name);
    }
    return names;
}

int ck_template_field_listable(int f)
{
    return f >= 0 && f < NFIELDS && (fields[f].kind == T_LIST || fields[f].kind == T_TEXT);
}

const char *ck_template_header(int f, int lang)
{
    return f >= 0 && f < NFIELDS ? fields[f].header[lang == CK_LANG_ZH] : "?";
}

/* The provincial divisions of the mainland: the division table without 香港, 澳门 and 台湾
 * (codes 71, 81, 82), which have no province of the mainland's kind. */
static int mainland(const struct ck_div_province *p)
{
    return p->code < 70;
}

size_t ck_template_default_list(int f, int lang, const char **vals, size_t cap)
{
    if (f < 0 || f >= NFIELDS)
        return 0;
    int zh = lang == CK_LANG_ZH;
    const char *l = fields[f].list[zh];
    size_t n = 0;
    if (l == PROVINCES) {
        for (unsigned i = 0; i < ck_div_nprovinces; i++)
            if (mainland(&ck_div_provinces[i])) {
                if (n < cap)
                    vals[n] = zh ? ck_div_provinces[i].name : ck_div_provinces[i].en;
                n++;
            }
        return n;
    }
    /* the default lists are constants: split them into static storage once */
    static char buf[NFIELDS][2][160];
    static const char *items[NFIELDS][2][16];
    static size_t nitems[NFIELDS][2];
    static int done[NFIELDS][2];
    if (!*l)
        return 0;
    if (!done[f][zh]) {
        snprintf(buf[f][zh], sizeof buf[f][zh], "%s", l);
        char *save = NULL;
        for (char *t = strtok_r(buf[f][zh], ",", &save); t && nitems[f][zh] < 16;
             t = strtok_r(NULL, ",", &save))
            items[f][zh][nitems[f][zh]++] = t;
        done[f][zh] = 1;
    }
    for (n = 0; n < nitems[f][zh]; n++)
        if (n < cap)
            vals[n] = items[f][zh][n];
    return n;
}

/* ================================================================ the workbook */

struct tctx {
    const struct ck_template_opts *o;
    int zh;
    lxw_workbook *wb;
    lxw_format *head, *head_req, *locked_text, *entry, *entry_text, *entry_date, *entry_amount,
        *entry_count, *wrap, *bold;
    lxw_worksheet *lists;
    int nlists; /* columns used on the hidden lists sheet */
    const int *cols;
    size_t ncols;
    struct ck_error *e;
    struct ck_xtext_keep kept; /* ck_xtext copies, freed with the workbook */
};

static int lxw_fail(struct tctx *w, lxw_error err, const char *what)
{
    if (err == LXW_ERROR_MEMORY_MALLOC_FAILED)
        return ck_error_set(w->e, CK_ENOMEM, "out of memory");
    return ck_error_set(w->e, CK_EOUTPUT, "%s: %s", what, lxw_strerror(err));
}

/* s for where (report/text.h), kept until the workbook is closed; NULL when memory runs out. */
static const char *xt(struct tctx *w, const char *s, enum ck_xtext_where where)
{
    return ck_xtext_kept(&w->kept, s, where);
}

static lxw_format *new_format(struct tctx *w, const char *num_format, int bold, int locked)
{
    lxw_format *f = workbook_add_format(w->wb);
    if (!f)
        return NULL;
    format_set_font_name(f, ck_report_fonts[w->zh]);
    if (num_format)
        format_set_num_format(f, num_format);
    if (bold)
        format_set_bold(f);
    if (!locked)
        format_set_unlocked(f);
    return f;
}

static int make_formats(struct tctx *w)
{
    w->head = new_format(w, NULL, 1, 1);
    w->head_req = new_format(w, NULL, 1, 1);
    w->locked_text = new_format(w, "@", 0, 1);
    w->entry = new_format(w, NULL, 0, 0);
    w->entry_text = new_format(w, "@", 0, 0);
    w->entry_date = new_format(w, "yyyy-mm-dd", 0, 0);
    w->entry_amount = new_format(w, "0.00", 0, 0);
    w->entry_count = new_format(w, "0", 0, 0);
    w->wrap = new_format(w, NULL, 0, 1);
    w->bold = new_format(w, NULL, 1, 1);
    lxw_format *all[] = {w->head,       w->head_req,     w->locked_text, w->entry,
                         w->entry_text, w->entry_date,   w->entry_amount, w->entry_count,
                         w->wrap,       w->bold};
    for (size_t i = 0; i < sizeof all / sizeof(lxw_format *); i++)
        if (!all[i])
            return ck_error_set(w->e, CK_ENOMEM, "out of memory");
    format_set_bg_color(w->head, 0xDDEBF7);
    format_set_pattern(w->head, LXW_PATTERN_SOLID);
    format_set_bottom(w->head, LXW_BORDER_THIN);
    format_set_align(w->head, LXW_ALIGN_VERTICAL_CENTER);
    /* a required column's header: the same, its text dark red */
    format_set_bg_color(w->head_req, 0xDDEBF7);
    format_set_pattern(w->head_req, LXW_PATTERN_SOLID);
    format_set_bottom(w->head_req, LXW_BORDER_THIN);
    format_set_align(w->head_req, LXW_ALIGN_VERTICAL_CENTER);
    format_set_font_color(w->head_req, 0xC00000);
    format_set_text_wrap(w->wrap);
    format_set_align(w->wrap, LXW_ALIGN_VERTICAL_TOP);
    return CK_OK;
}

/* The entry cells' format of a field. */
static lxw_format *entry_format(struct tctx *w, int f)
{
    switch (fields[f].kind) {
    case T_ID:
    case T_PHONE:
        return w->entry_text;
    case T_DATE:
        return w->entry_date;
    case T_AMOUNT:
        return w->entry_amount;
    case T_COUNT:
    case T_AGE:
        return w->entry_count;
    default:
        return w->entry;
    }
}

/* The dropdown of field f: the --list values or the default, into vals. */
static size_t field_list(const struct tctx *w, int f, const char **vals, size_t cap)
{
    if (w->o->list[f]) {
        size_t n = w->o->nlist[f];
        for (size_t i = 0; i < n && i < cap; i++)
            vals[i] = w->o->list[f][i];
        return n;
    }
    return ck_template_default_list(f, w->zh ? CK_LANG_ZH : CK_LANG_EN, vals, cap);
}

/* "A2" for a zero-based row and column. */
static void cell_name(char *out, lxw_row_t r, lxw_col_t c)
{
    char col[8];
    lxw_col_to_name(col, c, 0);
    sprintf(out, "%s%u", col, (unsigned)r + 1);
}

/* The phone pattern as a custom validation formula for the cell at the top of the range
 * (relative, so each row checks its own cell): an 11-digit mobile number starting with 1, or
 * a landline starting with 0 whose digits (a hyphen or more allowed) number 10 to 12. Digits
 * are tested by turning the text into a number and back: TEXT(--x,"0")=x holds for digits
 * only (not for 1.5, 1e10, 1,234, 50% or spaces), and a text that is no number makes an
 * error IFERROR turns into FALSE, as AND would otherwise pass the error on. ISNUMBER, LEN,
 * LEFT, SUBSTITUTE, TEXT and IFERROR are evaluated alike by Excel, WPS and LibreOffice. */
static void phone_formula(char *out, size_t cap, const char *x)
{
    snprintf(out, cap,
             "OR(IFERROR(AND(LEN(%s)=11,LEFT(%s,1)=\"1\",TEXT(--%s,\"0\")=%s&\"\"),FALSE),"
             "IFERROR(AND(LEFT(%s,1)=\"0\",LEN(SUBSTITUTE(%s,\"-\",\"\"))>=10,"
             "LEN(SUBSTITUTE(%s,\"-\",\"\"))<=12,"
             "\"0\"&TEXT(--SUBSTITUTE(%s,\"-\",\"\"),\"0\")=SUBSTITUTE(%s,\"-\",\"\")),FALSE))",
             x, x, x, x, x, x, x, x, x);
}

/* The e-mail check: something, an @, something with a dot after it. */
static void email_formula(char *out, size_t cap, const char *x)
{
    snprintf(out, cap,
             "IFERROR(AND(FIND(\"@\",%s)>1,ISNUMBER(FIND(\".\",MID(%s,FIND(\"@\",%s)+2,255))),"
             "RIGHT(%s,1)<>\".\",ISERROR(FIND(\" \",%s))),FALSE)",
             x, x, x, x, x);
}

/* Input and error message texts of field f (title: the header, up to Excel's 32 characters). */
static int add_validation(struct tctx *w, lxw_worksheet *ws, lxw_col_t c, int f)
{
    const struct field *fd = &fields[f];
    lxw_row_t first = 1, last = (lxw_row_t)w->o->rows;
    lxw_data_validation v;
    memset(&v, 0, sizeof v);
    char formula[1024], top[16], title[128];
    cell_name(top, first, c);
    const char *vals[CK_TPL_MAX_LIST];
    size_t nvals = 0;
    char **inl = NULL;
    v.error_type = LXW_VALIDATION_ERROR_TYPE_STOP;
    switch (fd->kind) {
    case T_LIST:
    case T_TEXT:
        nvals = field_list(w, f, vals, CK_TPL_MAX_LIST);
        if (nvals == 0) {
            v.validate = LXW_VALIDATION_TYPE_ANY;
            break;
        }
        if (ck_xlsx_inline_list_fits(vals, nvals)) {
            inl = calloc(nvals + 1, sizeof *inl);
            if (!inl)
                return ck_error_set(w->e, CK_ENOMEM, "out of memory");
            for (size_t i = 0; i < nvals; i++)
                inl[i] = (char *)vals[i];
            v.validate = LXW_VALIDATION_TYPE_LIST;
            v.value_list = inl;
        } else {
            /* too long for an inline list: on the hidden sheet, one column each */
            char col[8];
            lxw_col_to_name(col, (lxw_col_t)w->nlists, 0);
            snprintf(formula, sizeof formula, "='%s'!$%s$1:$%s$%zu",
                     ck_report_labels[L_LISTS][w->zh], col, col, nvals);
            for (size_t i = 0; i < nvals; i++) {
                const char *s = xt(w, vals[i], CK_XTEXT_CELL);
                if (!s)
                    return ck_error_set(w->e, CK_ENOMEM, "out of memory");
                lxw_error err = worksheet_write_string(w->lists, (lxw_row_t)i,
                                                       (lxw_col_t)w->nlists, s, NULL);
                if (err)
                    return lxw_fail(w, err, "lists");
            }
            w->nlists++;
            v.validate = LXW_VALIDATION_TYPE_LIST_FORMULA;
            v.value_formula = formula;
        }
        if (!fd->strict)
            v.error_type = LXW_VALIDATION_ERROR_TYPE_WARNING;
        break;
    case T_PHONE:
        phone_formula(formula, sizeof formula, top);
        v.validate = LXW_VALIDATION_TYPE_CUSTOM_FORMULA;
        v.value_formula = formula;
        break;
    case T_EMAIL:
        email_formula(formula, sizeof formula, top);
        v.validate = LXW_VALIDATION_TYPE_CUSTOM_FORMULA;
        v.value_formula = formula;
        break;
    case T_DATE:
        v.validate = LXW_VALIDATION_TYPE_DATE;
        v.criteria = LXW_VALIDATION_CRITERIA_BETWEEN;
        v.minimum_datetime = (lxw_datetime){1900, 1, 1, 0, 0, 0};
        v.maximum_datetime = (lxw_datetime){9999, 12, 31, 0, 0, 0};
        break;
    case T_AMOUNT:
        v.validate = LXW_VALIDATION_TYPE_DECIMAL;
        v.criteria = LXW_VALIDATION_CRITERIA_GREATER_THAN_OR_EQUAL_TO;
        v.value_number = 0;
        break;
    case T_COUNT:
        v.validate = LXW_VALIDATION_TYPE_INTEGER;
        v.criteria = LXW_VALIDATION_CRITERIA_GREATER_THAN_OR_EQUAL_TO;
        v.value_number = 0;
        break;
    case T_AGE:
        v.validate = LXW_VALIDATION_TYPE_INTEGER;
        v.criteria = LXW_VALIDATION_CRITERIA_BETWEEN;
        v.minimum_number = 0;
        v.maximum_number = 150;
        break;
    default: /* T_ID: any text, the message only */
        v.validate = LXW_VALIDATION_TYPE_ANY;
        break;
    }
    snprintf(title, sizeof title, "%s%s", fd->header[w->zh], fd->required ? L_REQ_MARK[w->zh] : "");
    v.input_title = title;
    v.input_message = (char *)fd->what[w->zh];
    if (v.validate != LXW_VALIDATION_TYPE_ANY) {
        v.error_title = (char *)L_BAD_T[w->zh];
        v.error_message = (char *)fd->what[w->zh];
    }
    lxw_error err = worksheet_data_validation_range(ws, first, c, last, c, &v);
    free(inl);
    if (err != LXW_NO_ERROR)
        return lxw_fail(w, err, "data validation");
    return CK_OK;
}

static int write_entry_sheet(struct tctx *w, lxw_worksheet *ws)
{
    int rc;
    for (size_t j = 0; j < w->ncols; j++) {
        int f = w->cols[j];
        lxw_error err = worksheet_set_column(ws, (lxw_col_t)j, (lxw_col_t)j,
                                             fields[f].width * (w->zh ? 1.2 : 1.0),
                                             entry_format(w, f));
        if (!err)
            err = worksheet_write_string(ws, 0, (lxw_col_t)j, fields[f].header[w->zh],
                                         fields[f].required ? w->head_req : w->head);
        if (err)
            return lxw_fail(w, err, L_SHEET[w->zh]);
    }
    /* Entry cells written blank with their format: unlocked and text- or date-formatted
     * in every reader, not only in those that apply a column's format to empty cells. */
    for (long r = 1; r <= w->o->rows; r++)
        for (size_t j = 0; j < w->ncols; j++) {
            lxw_error err = worksheet_write_blank(ws, (lxw_row_t)r, (lxw_col_t)j,
                                                  entry_format(w, w->cols[j]));
            if (err)
                return lxw_fail(w, err, L_SHEET[w->zh]);
        }
    for (size_t j = 0; j < w->ncols; j++)
        if ((rc = add_validation(w, ws, (lxw_col_t)j, w->cols[j])) != CK_OK)
            return rc;
    worksheet_freeze_panes(ws, 1, 0);
    worksheet_set_row(ws, 0, 20, NULL);
    /* printed as a list: landscape, one page wide, the header on every page, a grid */
    worksheet_set_landscape(ws);
    worksheet_fit_to_pages(ws, 1, 0);
    worksheet_repeat_rows(ws, 0, 0);
    worksheet_gridlines(ws, LXW_SHOW_ALL_GRIDLINES);
    /* Protected without a password: the header stays as custkit reads it, the entry cells
     * stay editable; rows can be added, removed and resized, columns widened. */
    lxw_protection prot;
    memset(&prot, 0, sizeof prot);
    prot.format_columns = 1;
    prot.format_rows = 1;
    prot.insert_rows = 1;
    prot.delete_rows = 1;
    worksheet_protect(ws, NULL, &prot);
    worksheet_activate(ws);
    return CK_OK;
}

static int write_help_sheet(struct tctx *w, lxw_worksheet *ws)
{
    static const double widths[5] = {16, 16, 60, 24, 10};
    for (lxw_col_t c = 0; c < 5; c++) {
        lxw_error err = worksheet_set_column(ws, c, c, widths[c] * (w->zh ? 1.2 : 1.0),
                                             c == 2 ? w->wrap : NULL);
        if (!err)
            err = worksheet_write_string(ws, 0, c, L_HELP_HEAD[c][w->zh], w->head);
        if (err)
            return lxw_fail(w, err, L_HELP[w->zh]);
    }
    char role[64];
    double what_width = widths[2] * (w->zh ? 1.2 : 1.0);
    for (size_t j = 0; j < w->ncols; j++) {
        const struct field *fd = &fields[w->cols[j]];
        lxw_row_t r = (lxw_row_t)j + 1;
        /* no reader fits a row to wrapped text it did not lay out: a row as high as the
         * lines its text takes at the column's width (a CJK character two columns wide) */
        double cols = 0;
        for (size_t i = 0, adv, len = strlen(fd->what[w->zh]); i < len; i += adv)
            cols += ck_utf8_decode(fd->what[w->zh] + i, len - i, &adv) >= 0x1100 ? 2 : 1;
        int lines = (int)(cols / (what_width - 2)) + 1;
        if (lines > 1)
            worksheet_set_row(ws, r, 15.0 * lines, NULL);
        snprintf(role, sizeof role, "%s%s", fd->name,
                 ck_role_from_name(fd->name) < 0 ? L_NOT_ROLE[w->zh] : "");
        lxw_error err = worksheet_write_string(ws, r, 0, fd->header[w->zh], w->bold);
        if (!err)
            err = worksheet_write_string(ws, r, 1, role, NULL);
        if (!err)
            err = worksheet_write_string(ws, r, 2, fd->what[w->zh], w->wrap);
        if (!err)
            err = worksheet_write_string(ws, r, 3, fd->example[w->zh], w->locked_text);
        if (!err)
            err = worksheet_write_string(ws, r, 4, L_REQUIRED[fd->required][w->zh], NULL);
        if (err)
            return lxw_fail(w, err, L_HELP[w->zh]);
    }
    worksheet_freeze_panes(ws, 1, 0);
    worksheet_set_landscape(ws);
    worksheet_fit_to_pages(ws, 1, 0);
    return CK_OK;
}

static int build(struct tctx *w, const char *path)
{
    lxw_workbook_options wo = {.constant_memory = w->o->rows > 10000, .use_zip64 = LXW_FALSE};
    w->wb = workbook_new_opt(path, &wo);
    if (!w->wb)
        return ck_error_set(w->e, CK_EOUTPUT, "%s: cannot create the workbook", path);
    lxw_doc_properties props = {0};
    props.title = (char *)L_SHEET[w->zh];
    props.created = w->o->created;
    props.comments = "custkit template " CK_VERSION;
    lxw_error err = workbook_set_properties(w->wb, &props);
    if (err)
        return lxw_fail(w, err, "document properties");
    int rc = make_formats(w);
    if (rc != CK_OK)
        return rc;
    lxw_worksheet *ws = workbook_add_worksheet(w->wb, L_SHEET[w->zh]);
    lxw_worksheet *help = workbook_add_worksheet(w->wb, L_HELP[w->zh]);
    if (!ws || !help)
        return ck_error_set(w->e, CK_ENOMEM, "out of memory");
    /* the hidden sheet of lists too long to write inline, when a column has one */
    for (size_t j = 0; j < w->ncols && !w->lists; j++) {
        const char *vals[CK_TPL_MAX_LIST];
        size_t n = field_list(w, w->cols[j], vals, CK_TPL_MAX_LIST);
        if (n > 0 && !ck_xlsx_inline_list_fits(vals, n)) {
            w->lists = workbook_add_worksheet(w->wb, ck_report_labels[L_LISTS][w->zh]);
            if (!w->lists)
                return ck_error_set(w->e, CK_ENOMEM, "out of memory");
            worksheet_hide(w->lists);
        }
    }
    if ((rc = write_entry_sheet(w, ws)) != CK_OK || (rc = write_help_sheet(w, help)) != CK_OK)
        return rc;
    return CK_OK;
}

/* The finished workbook at tmp, copied to fd (named path in messages). */
static int copy_through(const char *tmp, int fd, const char *path, struct ck_error *e)
{
    int in = open(tmp, O_RDONLY | O_CLOEXEC);
    if (in < 0)
        return ck_error_set(e, CK_EOUTPUT, "%s: %s", tmp, strerror(errno));
    char buf[65536];
    ssize_t n;
    int rc = CK_OK;
    while (rc == CK_OK && (n = read(in, buf, sizeof buf)) != 0) {
        if (n < 0) {
            if (errno != EINTR)
                rc = ck_error_set(e, CK_EOUTPUT, "%s: %s", tmp, strerror(errno));
            continue;
        }
        for (ssize_t off = 0; off < n && rc == CK_OK;) {
            ssize_t w = write(fd, buf + off, (size_t)(n - off));
            if (w < 0 && errno != EINTR)
                rc = ck_error_set(e, CK_EOUTPUT, "%s: %s", path, strerror(errno));
            else if (w > 0)
                off += w;
        }
    }
    close(in);
    return rc;
}

static int check_opts(const struct ck_template_opts *o, struct ck_error *e)
{
    if (o->rows < 1 || o->rows > CK_TPL_MAX_ROWS)
        return ck_error_set(e, CK_EUSAGE, "--rows must be 1 to %d, not %ld", CK_TPL_MAX_ROWS,
                            o->rows);
    for (size_t i = 0; i < o->nfields; i++) {
        if (o->fields[i] < 0 || o->fields[i] >= NFIELDS)
            return ck_error_set(e, CK_EUSAGE, "unknown column %d", o->fields[i]);
        for (size_t k = 0; k < i; k++)
            if (o->fields[k] == o->fields[i])
                return ck_error_set(e, CK_EUSAGE, "--columns names '%s' twice",
                                    fields[o->fields[i]].name);
    }
    for (int f = 0; f < NFIELDS; f++) {
        if (!o->list[f])
            continue;
        if (!ck_template_field_listable(f))
            return ck_error_set(e, CK_EUSAGE, "--list %s: a %s column takes no list", fields[f].name,
                                fields[f].name);
        if (o->nlist[f] == 0 || o->nlist[f] > CK_TPL_MAX_LIST)
            return ck_error_set(e, CK_EUSAGE, "--list %s: 1 to %d values, not %zu", fields[f].name,
                                CK_TPL_MAX_LIST, o->nlist[f]);
        for (size_t i = 0; i < o->nlist[f]; i++) {
            size_t len = strlen(o->list[f][i]);
            /* a cell of the lists sheet holds a value; Excel shows at most 255 characters of
             * a dropdown entry */
            if (len == 0)
                return ck_error_set(e, CK_EUSAGE, "--list %s: value %zu is empty",
                                    fields[f].name, i + 1);
            if (ck_utf16_units(o->list[f][i]) > 255)
                return ck_error_set(e, CK_EUSAGE,
                                    "--list %s: value %zu is longer than 255 characters",
                                    fields[f].name, i + 1);
        }
    }
    return CK_OK;
}

int ck_template_write(const struct ck_template_opts *opts, const char *path,
                      struct ck_template_stats *st, struct ck_error *e)
{
    struct ck_template_opts o = *opts;
    int defaults[sizeof default_columns / sizeof *default_columns];
    if (!o.fields || o.nfields == 0) {
        for (size_t i = 0; i < sizeof defaults / sizeof *defaults; i++)
            defaults[i] = ck_template_field(default_columns[i]);
        o.fields = defaults;
        o.nfields = sizeof defaults / sizeof *defaults;
    }
    if (o.rows == 0)
        o.rows = 1000;
    int rc = check_opts(&o, e);
    if (rc != CK_OK)
        return rc;
    struct stat sb;
    if (stat(path, &sb) == 0 && S_ISDIR(sb.st_mode))
        return ck_error_set(e, CK_EOUTPUT, "%s: is a directory", path);
    /* A device or a FIFO (-o /dev/stdout, a pipe) is written through, from a temporary file
     * in $TMPDIR: renaming a file over it would replace the node. */
    int devfd = -1;
    char spool[4096];
    if (stat(path, &sb) == 0 && !S_ISREG(sb.st_mode)) {
        if ((devfd = open(path, O_WRONLY | O_CLOEXEC)) < 0)
            return ck_error_set(e, CK_EOUTPUT, "%s: %s", path, strerror(errno));
        const char *dir = getenv("TMPDIR");
        snprintf(spool, sizeof spool, "%s/custkit-template.xlsx", dir && *dir ? dir : "/tmp");
    }
    char *tmp = NULL;
    int fd;
    rc = ck_temp_beside(devfd >= 0 ? spool : path, 0644, &fd, &tmp, e);
    if (rc != CK_OK) {
        if (devfd >= 0)
            close(devfd);
        return rc;
    }
    close(fd);

    struct tctx w;
    memset(&w, 0, sizeof w);
    w.o = &o;
    w.zh = o.lang == CK_LANG_ZH;
    w.cols = o.fields;
    w.ncols = o.nfields;
    w.e = e;
    rc = build(&w, tmp);
    if (w.wb) {
        lxw_error err = workbook_close(w.wb);
        if (err && rc == CK_OK)
            rc = ck_error_set(e, CK_EOUTPUT, "%s: %s", path, lxw_strerror(err));
    }
    ck_xtext_keep_free(&w.kept);
    if (rc == CK_OK && devfd >= 0) {
        rc = copy_through(tmp, devfd, path, e);
    } else if (rc == CK_OK) {
        fd = open(tmp, O_RDONLY | O_CLOEXEC);
        if (fd < 0 || fsync(fd) != 0 || rename(tmp, path) != 0)
            rc = ck_error_set(e, CK_EOUTPUT, "%s: %s", path, strerror(errno));
        if (fd >= 0)
            close(fd);
    }
    if (devfd >= 0 && close(devfd) != 0 && rc == CK_OK)
        rc = ck_error_set(e, CK_EOUTPUT, "%s: %s", path, strerror(errno));
    if (rc != CK_OK || devfd >= 0)
        unlink(tmp);
    ck_tempfile_unregister(tmp);
    free(tmp);
    if (rc == CK_OK && st) {
        st->columns = o.nfields;
        st->rows = o.rows;
        st->lists = 0;
        for (size_t i = 0; i < o.nfields; i++) {
            const char *v[1];
            if (fields[o.fields[i]].kind == T_LIST ||
                (o.list[o.fields[i]] && ck_template_field_listable(o.fields[i])) ||
                ck_template_default_list(o.fields[i], o.lang, v, 1) > 0)
                st->lists++;
        }
    }
    return rc;
}
