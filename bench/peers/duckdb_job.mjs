#!/usr/bin/env node
// duckdb_job.mjs — the DuckDB peer of bench/run.sh: what an engineer writes in DuckDB SQL for
// the job custkit does with import | clean | segment (see bench/README.md for how it compares).
//
// usage: node duckdb_job.mjs load CUSTOMERS.csv ORDERS.csv
//          the bare load: both CSVs read into tables (every column as text), nothing else
//        node duckdb_job.mjs job CUSTOMERS.csv ORDERS.csv OUT.csv [--as-of YYYY-MM-DD]
//          read both CSVs, normalise phones (full-width digits, +86/0086/86, spaces, dashes,
//          dots, brackets) and e-mails (trimmed, lower case), dedup the customers on phone then
//          e-mail (orders placed under a duplicate's id count for its survivor), roll the
//          orders up per customer (count, sum, first and last date; refunded, closed and
//          cancelled orders excluded when the file has a status column; orders with an
//          unreadable date or amount dropped), score RFM quintiles with NTILE(5), name the
//          segments and write the table as CSV
// env:   DUCKDB_TEMP  where DuckDB spills when a table outgrows memory (default: OUT's directory)
// Prints the row counts on stderr. Installed by `make bench-peers` (@duckdb/node-api).
import { readSync, openSync, closeSync } from 'node:fs';
import { dirname } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';

const ROLES = { // role: headers, Chinese first (as bench/peers/pipeline.py)
    id: ['客户编号', 'customer_id'], phone: ['手机', 'phone'], email: ['邮箱', 'email'],
    orders: ['购买次数', 'orders'], amount: ['消费金额', 'amount'],
    first: ['首次购买日期', 'first_purchase'], last: ['最近购买日期', 'last_purchase'],
};
const ORDER_ROLES = {
    customer: ['客户编号', 'customer_id'], date: ['下单日期', 'order_date'],
    amount: ['订单金额', 'amount'], status: ['订单状态', '状态', 'status', 'order_status'],
};
// custkit's list of order statuses that are no purchase (lib/clean/order_status.c)
const NOT_PURCHASES = ['已退款', '退款成功', '全额退款', '已全额退款', '退款完成', '交易关闭', '已关闭',
    '订单关闭', '关闭', '已取消', '取消', '订单取消', '交易取消', '已作废', '作废', '等待买家付款', '待付款',
    '未付款', '待支付', 'refunded', 'fully refunded', 'closed', 'cancelled', 'canceled', 'void',
    'voided', 'unpaid', 'pending payment'];
// The usual RFM segment map on the R and F scores, as bench/peers/pipeline.py names them.
const SEGMENTS = [
    ['r <= 2 AND f <= 2', '休眠客户'], ['r <= 2 AND f IN (3, 4)', '流失风险客户'],
    ['r <= 2 AND f = 5', '不能失去的客户'], ['r = 3 AND f <= 2', '即将沉睡客户'],
    ['r = 3 AND f = 3', '需要关注客户'], ['r IN (3, 4) AND f >= 4', '忠诚客户'],
    ['r = 4 AND f = 1', '有潜力客户'], ['r = 5 AND f = 1', '新客户'],
    ['r IN (4, 5) AND f IN (2, 3)', '潜在忠诚客户'], ['r = 5 AND f >= 4', '重要价值客户'],
];

function usage() {
    process.stderr.write('usage: duckdb_job.mjs load CUSTOMERS.csv ORDERS.csv\n' +
        '       duckdb_job.mjs job CUSTOMERS.csv ORDERS.csv OUT.csv [--as-of YYYY-MM-DD]\n');
    process.exit(2);
}

function header(path) { // the first line's names (the generated headers hold no quotes)
    const fd = openSync(path, 'r');
    const buf = Buffer.alloc(65536);
    const n = readSync(fd, buf, 0, buf.length, 0);
    closeSync(fd);
    const line = buf.subarray(0, n).toString('utf8').split(/\r?\n/)[0].replace(/^\uFEFF/, '');
    return line.split(',').map((s) => s.replace(/^"|"$/g, '').trim());
}

function resolve(names, roles, path, optional = []) {
    const cols = {};
    for (const [role, candidates] of Object.entries(roles)) {
        cols[role] = candidates.find((c) => names.includes(c)) ?? null;
        if (!cols[role] && !optional.includes(role)) {
            process.stderr.write(`duckdb_job: ${path}: no ${role} column\n`);
            process.exit(3);
        }
    }
    return cols;
}

const ident = (s) => '"' + s.replace(/"/g, '""') + '"';
const lit = (s) => "'" + s.replace(/'/g, "''") + "'";
const csv = (path) => `read_csv(${lit(path)}, header = true, all_varchar = true)`;

// Text → number: currency signs, grouping commas, 元 and RMB dropped, 万 as ten thousand.
const amountSql = (col) => `TRY_CAST(regexp_replace(trim(${col}), '[¥￥$,元万\\s]|RMB', '', 'g')
    AS DECIMAL(18, 2)) * CASE WHEN contains(${col}, '万') THEN 10000 ELSE 1 END`;
// Text → date: the forms order exports use (ISO with or without time, slashes, 年月日).
const dateSql = (col) => `CAST(try_strptime(trim(${col}), ['%Y-%m-%d %H:%M:%S', '%Y-%m-%d %H:%M',
    '%Y-%m-%d', '%Y/%m/%d %H:%M:%S', '%Y/%m/%d %H:%M', '%Y/%m/%d', '%Y年%m月%d日']) AS DATE)`;

async function main(argv) {
    const [mode, custPath, ordersPath, out] = argv;
    if (!(mode === 'load' && argv.length === 3) && !(mode === 'job' && argv.length >= 4))
        usage();
    const i = argv.indexOf('--as-of');
    const asOf = i > 0 ? argv[i + 1] : '2026-09-30';
    if (!/^\d{4}-\d{2}-\d{2}$/.test(asOf ?? ''))
        usage();
    const db = await DuckDBInstance.create(':memory:');
    const con = await db.connect();
    const tmp = process.env.DUCKDB_TEMP || (out ? dirname(out) : '.');
    await con.run(`SET temp_directory = ${lit(tmp + '/duckdb.tmp')}`);
    const count = async (t) => (await con.runAndReadAll(`SELECT count(*) FROM ${t}`)).getRows()[0][0];

    if (mode === 'load') {
        await con.run(`CREATE TABLE customers AS SELECT * FROM ${csv(custPath)}`);
        await con.run(`CREATE TABLE orders AS SELECT * FROM ${csv(ordersPath)}`);
        process.stderr.write(`duckdb_job: loaded ${await count('customers')} customers, ` +
            `${await count('orders')} orders\n`);
        return;
    }

    const c = resolve(header(custPath), ROLES, custPath);
    const o = resolve(header(ordersPath), ORDER_ROLES, ordersPath, ['status']);
    const C = Object.fromEntries(Object.entries(c).map(([k, v]) => [k, ident(v)]));
    const O = Object.fromEntries(Object.entries(o).map(([k, v]) => [k, v && ident(v)]));

    // 1. customers, each row numbered in file order, phone and e-mail normalised
    await con.run(`CREATE TEMP TABLE cust AS
        SELECT row_number() OVER () AS rn, *,
            regexp_replace(regexp_replace(
                translate(coalesce(${C.phone}, ''), '０１２３４５６７８９＋－（）　', '0123456789+-() '),
                '[\\s\\-.()]', '', 'g'), '^(?:\\+86|0086|86)(1\\d{10})$', '\\1') AS _phone,
            lower(trim(coalesce(${C.email}, ''))) AS _email
        FROM ${csv(custPath)}`);
    // 2. dedup: a row's key is the first row with its phone, then the least key among the rows
    //    with its e-mail (an invalid e-mail is no key); the survivors are the rows that are
    //    their own key
    await con.run(`CREATE TEMP TABLE keyed AS
        WITH p AS (SELECT rn, ${C.id} AS id, _email,
                CASE WHEN _phone <> '' THEN min(rn) OVER (PARTITION BY _phone) ELSE rn END AS k1
            FROM cust)
        SELECT rn, id, CASE WHEN regexp_full_match(_email, '[^@\\s]+@[^@\\s]+\\.[^@\\s]+')
                THEN min(k1) OVER (PARTITION BY _email) ELSE k1 END AS key
        FROM p`);
    // 3. orders: normalised, statuses that are no purchase excluded, attached to survivors
    const status = O.status ? `WHERE lower(trim(coalesce(${O.status}, ''))) NOT IN
        (${NOT_PURCHASES.map(lit).join(', ')})` : '';
    await con.run(`CREATE TEMP TABLE roll AS
        WITH ord AS (SELECT trim(${O.customer}) AS cid, ${dateSql(O.date)} AS d,
                ${amountSql(O.amount)} AS amt
            FROM ${csv(ordersPath)} ${status}),
        ids AS (SELECT DISTINCT ON (trim(id)) trim(id) AS id, key FROM keyed ORDER BY trim(id), rn)
        SELECT ids.key, count(*) AS n, sum(amt) AS total, min(d) AS first, max(d) AS last
        FROM ord JOIN ids ON ord.cid = ids.id
        WHERE d IS NOT NULL AND amt IS NOT NULL
        GROUP BY ids.key`);
    // 4. RFM quintiles among the buyers, the segment names, the table written in file order
    const seg = SEGMENTS.map(([cond, name]) => `WHEN ${cond} THEN ${lit(name)}`).join(' ');
    await con.run(`COPY (
        WITH s AS (SELECT cust.* EXCLUDE (rn, _phone, _email, ${C.orders}, ${C.amount},
                    ${C.first}, ${C.last}),
                cust.rn, coalesce(roll.n, 0) AS ${C.orders}, coalesce(roll.total, 0) AS ${C.amount},
                roll.first AS ${C.first}, roll.last AS ${C.last}, roll.n > 0 AS buyer
            FROM cust JOIN keyed USING (rn) LEFT JOIN roll ON roll.key = cust.rn
            WHERE keyed.key = cust.rn),
        q AS (SELECT *, NTILE(5) OVER (ORDER BY ${C.last}) AS "R",
                NTILE(5) OVER (ORDER BY ${C.orders}) AS "F",
                NTILE(5) OVER (ORDER BY ${C.amount}) AS "M"
            FROM s WHERE buyer),
        scored AS (SELECT * EXCLUDE (buyer),
                CAST(r AS VARCHAR) || CAST(f AS VARCHAR) || CAST(m AS VARCHAR) AS RFM,
                CASE ${seg} END AS "分层" FROM q
            UNION ALL BY NAME
            SELECT * EXCLUDE (buyer), '潜在客户' AS "分层" FROM s WHERE buyer IS NOT TRUE)
        SELECT * EXCLUDE (rn), DATE ${lit(asOf)} - ${C.last} AS "距今天数"
        FROM scored ORDER BY rn
    ) TO ${lit(out)} (HEADER, DELIMITER ',')`);
    process.stderr.write(`duckdb_job: ${await count('cust')} rows, ` +
        `${await count('keyed WHERE key = rn')} customers, ${await count('roll')} with orders\n`);
}

main(process.argv.slice(2)).catch((e) => {
    process.stderr.write(`duckdb_job: ${e.message}\n`);
    process.exit(3);
});
