/* test_refdata.c — unit tests of lib/clean/refdata.c: every province and city in every accepted
 * form. The expected data is typed independently of lib/clean/refdata.c (regions, tiers: issue
 * 6's lists). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "clean/refdata.h"

/* clang-format off */
/* Regions by the common convention (issue 6). */
static const struct {
    const char *region;
    const char *provinces; /* space-separated short names */
} regions[] = {
    {"华东", "上海 江苏 浙江 安徽 福建 江西 山东"},
    {"华南", "广东 广西 海南"},
    {"华北", "北京 天津 河北 山西 内蒙古"},
    {"华中", "河南 湖北 湖南"},
    {"西南", "重庆 四川 贵州 云南 西藏"},
    {"西北", "陕西 甘肃 青海 宁夏 新疆"},
    {"东北", "辽宁 吉林 黑龙江"},
    {"港澳台", "香港 澳门 台湾"},
};

/* 2024 city tiers (第一财经·新一线城市研究所, 2024-05-30); all other cities 三线及以下. */
static const char tier1[] = "北京 上海 广州 深圳";
static const char new_tier1[] = "成都 重庆 杭州 武汉 苏州 西安 南京 长沙 天津 郑州 东莞 无锡 宁波 青岛 合肥";
static const char tier2[] = "佛山 沈阳 昆明 济南 厦门 福州 温州 哈尔滨 石家庄 大连 南宁 泉州 金华 贵阳 常州 "
                            "长春 南昌 南通 嘉兴 徐州 惠州 太原 台州 绍兴 保定 中山 潍坊 临沂 珠海 烟台";

/* The 34 provincial-level divisions: short name, full names, pinyin/English, ISO 3166-2:CN. */
static const struct {
    const char *name, *full, *english, *iso;
} provinces[] = {
    {"北京", "北京市", "beijing,peking", "BJ"},
    {"天津", "天津市", "tianjin", "TJ"},
    {"河北", "河北省", "hebei", "HE"},
    {"山西", "山西省", "shanxi", "SX"},
    {"内蒙古", "内蒙古自治区,内蒙", "innermongolia,neimongol,neimenggu,neimeng", "NM"},
    {"辽宁", "辽宁省", "liaoning", "LN"},
    {"吉林", "吉林省", "jilin", "JL"},
    {"黑龙江", "黑龙江省", "heilongjiang", "HL"},
    {"上海", "上海市", "shanghai", "SH"},
    {"江苏", "江苏省", "jiangsu", "JS"},
    {"浙江", "浙江省", "zhejiang", "ZJ"},
    {"安徽", "安徽省", "anhui", "AH"},
    {"福建", "福建省", "fujian", "FJ"},
    {"江西", "江西省", "jiangxi", "JX"},
    {"山东", "山东省", "shandong", "SD"},
    {"河南", "河南省", "henan", "HA"},
    {"湖北", "湖北省", "hubei", "HB"},
    {"湖南", "湖南省", "hunan", "HN"},
    {"广东", "广东省", "guangdong", "GD"},
    {"广西", "广西壮族自治区,广西自治区", "guangxi", "GX"},
    {"海南", "海南省", "hainan", "HI"},
    {"重庆", "重庆市", "chongqing", "CQ"},
    {"四川", "四川省", "sichuan", "SC"},
    {"贵州", "贵州省", "guizhou", "GZ"},
    {"云南", "云南省", "yunnan", "YN"},
    {"西藏", "西藏自治区", "tibet,xizang", "XZ"},
    {"陕西", "陕西省", "shaanxi", "SN"},
    {"甘肃", "甘肃省", "gansu", "GS"},
    {"青海", "青海省", "qinghai", "QH"},
    {"宁夏", "宁夏回族自治区,宁夏自治区", "ningxia", "NX"},
    {"新疆", "新疆维吾尔自治区,新疆维吾尔族自治区,新疆自治区", "xinjiang", "XJ"},
    {"香港", "香港特别行政区,香港特区,中国香港", "hongkong,xianggang", "HK"},
    {"澳门", "澳门特别行政区,澳门特区,中国澳门,澳門", "macau,macao,aomen", "MO"},
    {"台湾", "台湾省,臺灣,中国台湾", "taiwan", "TW"},
};

/* Kind: c prefecture-level city, m municipality, z 自治州, d 地区, g 盟,
 * x county-level city administered by its province. Spellings: comma-separated pinyin/English. */
static const struct {
    const char *province;
    char kind;
    const char *name, *full, *spellings;
} cities[] = {
    {"北京", 'm', "北京", "北京市", "beijing,peking"},
    {"天津", 'm', "天津", "天津市", "tianjin"},
    {"上海", 'm', "上海", "上海市", "shanghai"},
    {"重庆", 'm', "重庆", "重庆市", "chongqing"},
    {"河北", 'c', "石家庄", "石家庄市", "shijiazhuang"},
    {"河北", 'c', "唐山", "唐山市", "tangshan"},
    {"河北", 'c', "秦皇岛", "秦皇岛市", "qinhuangdao"},
    {"河北", 'c', "邯郸", "邯郸市", "handan"},
    {"河北", 'c', "邢台", "邢台市", "xingtai"},
    {"河北", 'c', "保定", "保定市", "baoding"},
    {"河北", 'c', "张家口", "张家口市", "zhangjiakou"},
    {"河北", 'c', "承德", "承德市", "chengde"},
    {"河北", 'c', "沧州", "沧州市", "cangzhou"},
    {"河北", 'c', "廊坊", "廊坊市", "langfang"},
    {"河北", 'c', "衡水", "衡水市", "hengshui"},
    {"山西", 'c', "太原", "太原市", "taiyuan"},
    {"山西", 'c', "大同", "大同市", "datong"},
    {"山西", 'c', "阳泉", "阳泉市", "yangquan"},
    {"山西", 'c', "长治", "长治市", "changzhi"},
    {"山西", 'c', "晋城", "晋城市", "jincheng"},
    {"山西", 'c', "朔州", "朔州市", "shuozhou"},
    {"山西", 'c', "晋中", "晋中市", "jinzhong"},
    {"山西", 'c', "运城", "运城市", "yuncheng"},
    {"山西", 'c', "忻州", "忻州市", "xinzhou"},
    {"山西", 'c', "临汾", "临汾市", "linfen"},
    {"山西", 'c', "吕梁", "吕梁市", "lvliang,luliang,lyuliang"},
    {"内蒙古", 'c', "呼和浩特", "呼和浩特市", "hohhot,huhehaote"},
    {"内蒙古", 'c', "包头", "包头市", "baotou"},
    {"内蒙古", 'c', "乌海", "乌海市", "wuhai"},
    {"内蒙古", 'c', "赤峰", "赤峰市", "chifeng"},
    {"内蒙古", 'c', "通辽", "通辽市", "tongliao"},
    {"内蒙古", 'c', "鄂尔多斯", "鄂尔多斯市", "ordos,eerduosi"},
    {"内蒙古", 'c', "呼伦贝尔", "呼伦贝尔市", "hulunbuir,hulunbeier"},
    {"内蒙古", 'c', "巴彦淖尔", "巴彦淖尔市", "bayannur,bayannaoer"},
    {"内蒙古", 'c', "乌兰察布", "乌兰察布市", "ulanqab,wulanchabu"},
    {"内蒙古", 'g', "兴安", "兴安盟", "hinggan,xingan"},
    {"内蒙古", 'g', "锡林郭勒", "锡林郭勒盟", "xilingol,xilinguole"},
    {"内蒙古", 'g', "阿拉善", "阿拉善盟", "alxa,alashan"},
    {"辽宁", 'c', "沈阳", "沈阳市", "shenyang"},
    {"辽宁", 'c', "大连", "大连市", "dalian"},
    {"辽宁", 'c', "鞍山", "鞍山市", "anshan"},
    {"辽宁", 'c', "抚顺", "抚顺市", "fushun"},
    {"辽宁", 'c', "本溪", "本溪市", "benxi"},
    {"辽宁", 'c', "丹东", "丹东市", "dandong"},
    {"辽宁", 'c', "锦州", "锦州市", "jinzhou"},
    {"辽宁", 'c', "营口", "营口市", "yingkou"},
    {"辽宁", 'c', "阜新", "阜新市", "fuxin"},
    {"辽宁", 'c', "辽阳", "辽阳市", "liaoyang"},
    {"辽宁", 'c', "盘锦", "盘锦市", "panjin"},
    {"辽宁", 'c', "铁岭", "铁岭市", "tieling"},
    {"辽宁", 'c', "朝阳", "朝阳市", "chaoyang"},
    {"辽宁", 'c', "葫芦岛", "葫芦岛市", "huludao"},
    {"吉林", 'c', "长春", "长春市", "changchun"},
    {"吉林", 'c', "吉林", "吉林市", "jilin"},
    {"吉林", 'c', "四平", "四平市", "siping"},
    {"吉林", 'c', "辽源", "辽源市", "liaoyuan"},
    {"吉林", 'c', "通化", "通化市", "tonghua"},
    {"吉林", 'c', "白山", "白山市", "baishan"},
    {"吉林", 'c', "松原", "松原市", "songyuan"},
    {"吉林", 'c', "白城", "白城市", "baicheng"},
    {"吉林", 'z', "延边", "延边朝鲜族自治州", "yanbian"},
    {"黑龙江", 'c', "哈尔滨", "哈尔滨市", "harbin,haerbin"},
    {"黑龙江", 'c', "齐齐哈尔", "齐齐哈尔市", "qiqihar,qiqihaer"},
    {"黑龙江", 'c', "鸡西", "鸡西市", "jixi"},
    {"黑龙江", 'c', "鹤岗", "鹤岗市", "hegang"},
    {"黑龙江", 'c', "双鸭山", "双鸭山市", "shuangyashan"},
    {"黑龙江", 'c', "大庆", "大庆市", "daqing"},
    {"黑龙江", 'c', "伊春", "伊春市", "yichun"},
    {"黑龙江", 'c', "佳木斯", "佳木斯市", "jiamusi"},
    {"黑龙江", 'c', "七台河", "七台河市", "qitaihe"},
    {"黑龙江", 'c', "牡丹江", "牡丹江市", "mudanjiang"},
    {"黑龙江", 'c', "黑河", "黑河市", "heihe"},
    {"黑龙江", 'c', "绥化", "绥化市", "suihua"},
    {"黑龙江", 'd', "大兴安岭", "大兴安岭地区", "daxinganling,dahingganling,dahinggan"},
    {"江苏", 'c', "南京", "南京市", "nanjing"},
    {"江苏", 'c', "无锡", "无锡市", "wuxi"},
    {"江苏", 'c', "徐州", "徐州市", "xuzhou"},
    {"江苏", 'c', "常州", "常州市", "changzhou"},
    {"江苏", 'c', "苏州", "苏州市", "suzhou"},
    {"江苏", 'c', "南通", "南通市", "nantong"},
    {"江苏", 'c', "连云港", "连云港市", "lianyungang"},
    {"江苏", 'c', "淮安", "淮安市", "huaian"},
    {"江苏", 'c', "盐城", "盐城市", "yancheng"},
    {"江苏", 'c', "扬州", "扬州市", "yangzhou"},
    {"江苏", 'c', "镇江", "镇江市", "zhenjiang"},
    {"江苏", 'c', "泰州", "泰州市", "taizhou"},
    {"江苏", 'c', "宿迁", "宿迁市", "suqian"},
    {"浙江", 'c', "杭州", "杭州市", "hangzhou"},
    {"浙江", 'c', "宁波", "宁波市", "ningbo"},
    {"浙江", 'c', "温州", "温州市", "wenzhou"},
    {"浙江", 'c', "嘉兴", "嘉兴市", "jiaxing"},
    {"浙江", 'c', "湖州", "湖州市", "huzhou"},
    {"浙江", 'c', "绍兴", "绍兴市", "shaoxing"},
    {"浙江", 'c', "金华", "金华市", "jinhua"},
    {"浙江", 'c', "衢州", "衢州市", "quzhou"},
    {"浙江", 'c', "舟山", "舟山市", "zhoushan"},
    {"浙江", 'c', "台州", "台州市", "taizhou"},
    {"浙江", 'c', "丽水", "丽水市", "lishui"},
    {"安徽", 'c', "合肥", "合肥市", "hefei"},
    {"安徽", 'c', "芜湖", "芜湖市", "wuhu"},
    {"安徽", 'c', "蚌埠", "蚌埠市", "bengbu"},
    {"安徽", 'c', "淮南", "淮南市", "huainan"},
    {"安徽", 'c', "马鞍山", "马鞍山市", "maanshan"},
    {"安徽", 'c', "淮北", "淮北市", "huaibei"},
    {"安徽", 'c', "铜陵", "铜陵市", "tongling"},
    {"安徽", 'c', "安庆", "安庆市", "anqing"},
    {"安徽", 'c', "黄山", "黄山市", "huangshan"},
    {"安徽", 'c', "滁州", "滁州市", "chuzhou"},
    {"安徽", 'c', "阜阳", "阜阳市", "fuyang"},
    {"安徽", 'c', "宿州", "宿州市", "suzhou"},
    {"安徽", 'c', "六安", "六安市", "luan,liuan"},
    {"安徽", 'c', "亳州", "亳州市", "bozhou"},
    {"安徽", 'c', "池州", "池州市", "chizhou"},
    {"安徽", 'c', "宣城", "宣城市", "xuancheng"},
    {"福建", 'c', "福州", "福州市", "fuzhou"},
    {"福建", 'c', "厦门", "厦门市", "xiamen,amoy"},
    {"福建", 'c', "莆田", "莆田市", "putian"},
    {"福建", 'c', "三明", "三明市", "sanming"},
    {"福建", 'c', "泉州", "泉州市", "quanzhou"},
    {"福建", 'c', "漳州", "漳州市", "zhangzhou"},
    {"福建", 'c', "南平", "南平市", "nanping"},
    {"福建", 'c', "龙岩", "龙岩市", "longyan"},
    {"福建", 'c', "宁德", "宁德市", "ningde"},
    {"江西", 'c', "南昌", "南昌市", "nanchang"},
    {"江西", 'c', "景德镇", "景德镇市", "jingdezhen"},
    {"江西", 'c', "萍乡", "萍乡市", "pingxiang"},
    {"江西", 'c', "九江", "九江市", "jiujiang"},
    {"江西", 'c', "新余", "新余市", "xinyu"},
    {"江西", 'c', "鹰潭", "鹰潭市", "yingtan"},
    {"江西", 'c', "赣州", "赣州市", "ganzhou"},
    {"江西", 'c', "吉安", "吉安市", "jian"},
    {"江西", 'c', "宜春", "宜春市", "yichun"},
    {"江西", 'c', "抚州", "抚州市", "fuzhou"},
    {"江西", 'c', "上饶", "上饶市", "shangrao"},
    {"山东", 'c', "济南", "济南市", "jinan"},
    {"山东", 'c', "青岛", "青岛市", "qingdao"},
    {"山东", 'c', "淄博", "淄博市", "zibo"},
    {"山东", 'c', "枣庄", "枣庄市", "zaozhuang"},
    {"山东", 'c', "东营", "东营市", "dongying"},
    {"山东", 'c', "烟台", "烟台市", "yantai"},
    {"山东", 'c', "潍坊", "潍坊市", "weifang"},
    {"山东", 'c', "济宁", "济宁市", "jining"},
    {"山东", 'c', "泰安", "泰安市", "taian"},
    {"山东", 'c', "威海", "威海市", "weihai"},
    {"山东", 'c', "日照", "日照市", "rizhao"},
    {"山东", 'c', "临沂", "临沂市", "linyi"},
    {"山东", 'c', "德州", "德州市", "dezhou"},
    {"山东", 'c', "聊城", "聊城市", "liaocheng"},
    {"山东", 'c', "滨州", "滨州市", "binzhou"},
    {"山东", 'c', "菏泽", "菏泽市", "heze"},
    {"河南", 'c', "郑州", "郑州市", "zhengzhou"},
    {"河南", 'c', "开封", "开封市", "kaifeng"},
    {"河南", 'c', "洛阳", "洛阳市", "luoyang"},
    {"河南", 'c', "平顶山", "平顶山市", "pingdingshan"},
    {"河南", 'c', "安阳", "安阳市", "anyang"},
    {"河南", 'c', "鹤壁", "鹤壁市", "hebi"},
    {"河南", 'c', "新乡", "新乡市", "xinxiang"},
    {"河南", 'c', "焦作", "焦作市", "jiaozuo"},
    {"河南", 'c', "濮阳", "濮阳市", "puyang"},
    {"河南", 'c', "许昌", "许昌市", "xuchang"},
    {"河南", 'c', "漯河", "漯河市", "luohe"},
    {"河南", 'c', "三门峡", "三门峡市", "sanmenxia"},
    {"河南", 'c', "南阳", "南阳市", "nanyang"},
    {"河南", 'c', "商丘", "商丘市", "shangqiu"},
    {"河南", 'c', "信阳", "信阳市", "xinyang"},
    {"河南", 'c', "周口", "周口市", "zhoukou"},
    {"河南", 'c', "驻马店", "驻马店市", "zhumadian"},
    {"河南", 'x', "济源", "济源市", "jiyuan"},
    {"湖北", 'c', "武汉", "武汉市", "wuhan"},
    {"湖北", 'c', "黄石", "黄石市", "huangshi"},
    {"湖北", 'c', "十堰", "十堰市", "shiyan"},
    {"湖北", 'c', "宜昌", "宜昌市", "yichang"},
    {"湖北", 'c', "襄阳", "襄阳市", "xiangyang"},
    {"湖北", 'c', "鄂州", "鄂州市", "ezhou"},
    {"湖北", 'c', "荆门", "荆门市", "jingmen"},
    {"湖北", 'c', "孝感", "孝感市", "xiaogan"},
    {"湖北", 'c', "荆州", "荆州市", "jingzhou"},
    {"湖北", 'c', "黄冈", "黄冈市", "huanggang"},
    {"湖北", 'c', "咸宁", "咸宁市", "xianning"},
    {"湖北", 'c', "随州", "随州市", "suizhou"},
    {"湖北", 'z', "恩施", "恩施土家族苗族自治州", "enshi"},
    {"湖北", 'x', "仙桃", "仙桃市", "xiantao"},
    {"湖北", 'x', "潜江", "潜江市", "qianjiang"},
    {"湖北", 'x', "天门", "天门市", "tianmen"},
    {"湖南", 'c', "长沙", "长沙市", "changsha"},
    {"湖南", 'c', "株洲", "株洲市", "zhuzhou"},
    {"湖南", 'c', "湘潭", "湘潭市", "xiangtan"},
    {"湖南", 'c', "衡阳", "衡阳市", "hengyang"},
    {"湖南", 'c', "邵阳", "邵阳市", "shaoyang"},
    {"湖南", 'c', "岳阳", "岳阳市", "yueyang"},
    {"湖南", 'c', "常德", "常德市", "changde"},
    {"湖南", 'c', "张家界", "张家界市", "zhangjiajie"},
    {"湖南", 'c', "益阳", "益阳市", "yiyang"},
    {"湖南", 'c', "郴州", "郴州市", "chenzhou"},
    {"湖南", 'c', "永州", "永州市", "yongzhou"},
    {"湖南", 'c', "怀化", "怀化市", "huaihua"},
    {"湖南", 'c', "娄底", "娄底市", "loudi"},
    {"湖南", 'z', "湘西", "湘西土家族苗族自治州", "xiangxi"},
    {"广东", 'c', "广州", "广州市", "guangzhou,canton"},
    {"广东", 'c', "韶关", "韶关市", "shaoguan"},
    {"广东", 'c', "深圳", "深圳市", "shenzhen"},
    {"广东", 'c', "珠海", "珠海市", "zhuhai"},
    {"广东", 'c', "汕头", "汕头市", "shantou"},
    {"广东", 'c', "佛山", "佛山市", "foshan"},
    {"广东", 'c', "江门", "江门市", "jiangmen"},
    {"广东", 'c', "湛江", "湛江市", "zhanjiang"},
    {"广东", 'c', "茂名", "茂名市", "maoming"},
    {"广东", 'c', "肇庆", "肇庆市", "zhaoqing"},
    {"广东", 'c', "惠州", "惠州市", "huizhou"},
    {"广东", 'c', "梅州", "梅州市", "meizhou"},
    {"广东", 'c', "汕尾", "汕尾市", "shanwei"},
    {"广东", 'c', "河源", "河源市", "heyuan"},
    {"广东", 'c', "阳江", "阳江市", "yangjiang"},
    {"广东", 'c', "清远", "清远市", "qingyuan"},
    {"广东", 'c', "东莞", "东莞市", "dongguan"},
    {"广东", 'c', "中山", "中山市", "zhongshan"},
    {"广东", 'c', "潮州", "潮州市", "chaozhou"},
    {"广东", 'c', "揭阳", "揭阳市", "jieyang"},
    {"广东", 'c', "云浮", "云浮市", "yunfu"},
    {"广西", 'c', "南宁", "南宁市", "nanning"},
    {"广西", 'c', "柳州", "柳州市", "liuzhou"},
    {"广西", 'c', "桂林", "桂林市", "guilin"},
    {"广西", 'c', "梧州", "梧州市", "wuzhou"},
    {"广西", 'c', "北海", "北海市", "beihai"},
    {"广西", 'c', "防城港", "防城港市", "fangchenggang"},
    {"广西", 'c', "钦州", "钦州市", "qinzhou"},
    {"广西", 'c', "贵港", "贵港市", "guigang"},
    {"广西", 'c', "玉林", "玉林市", "yulin"},
    {"广西", 'c', "百色", "百色市", "baise"},
    {"广西", 'c', "贺州", "贺州市", "hezhou"},
    {"广西", 'c', "河池", "河池市", "hechi"},
    {"广西", 'c', "来宾", "来宾市", "laibin"},
    {"广西", 'c', "崇左", "崇左市", "chongzuo"},
    {"海南", 'c', "海口", "海口市", "haikou"},
    {"海南", 'c', "三亚", "三亚市", "sanya"},
    {"海南", 'c', "三沙", "三沙市", "sansha"},
    {"海南", 'c', "儋州", "儋州市", "danzhou"},
    {"海南", 'x', "五指山", "五指山市", "wuzhishan"},
    {"海南", 'x', "琼海", "琼海市", "qionghai"},
    {"海南", 'x', "文昌", "文昌市", "wenchang"},
    {"海南", 'x', "万宁", "万宁市", "wanning"},
    {"海南", 'x', "东方", "东方市", "dongfang"},
    {"四川", 'c', "成都", "成都市", "chengdu"},
    {"四川", 'c', "自贡", "自贡市", "zigong"},
    {"四川", 'c', "攀枝花", "攀枝花市", "panzhihua"},
    {"四川", 'c', "泸州", "泸州市", "luzhou"},
    {"四川", 'c', "德阳", "德阳市", "deyang"},
    {"四川", 'c', "绵阳", "绵阳市", "mianyang"},
    {"四川", 'c', "广元", "广元市", "guangyuan"},
    {"四川", 'c', "遂宁", "遂宁市", "suining"},
    {"四川", 'c', "内江", "内江市", "neijiang"},
    {"四川", 'c', "乐山", "乐山市", "leshan"},
    {"四川", 'c', "南充", "南充市", "nanchong"},
    {"四川", 'c', "眉山", "眉山市", "meishan"},
    {"四川", 'c', "宜宾", "宜宾市", "yibin"},
    {"四川", 'c', "广安", "广安市", "guangan"},
    {"四川", 'c', "达州", "达州市", "dazhou"},
    {"四川", 'c', "雅安", "雅安市", "yaan"},
    {"四川", 'c', "巴中", "巴中市", "bazhong"},
    {"四川", 'c', "资阳", "资阳市", "ziyang"},
    {"四川", 'z', "阿坝", "阿坝藏族羌族自治州", "aba,ngawa"},
    {"四川", 'z', "甘孜", "甘孜藏族自治州", "ganzi,garze"},
    {"四川", 'z', "凉山", "凉山彝族自治州", "liangshan"},
    {"贵州", 'c', "贵阳", "贵阳市", "guiyang"},
    {"贵州", 'c', "六盘水", "六盘水市", "liupanshui"},
    {"贵州", 'c', "遵义", "遵义市", "zunyi"},
    {"贵州", 'c', "安顺", "安顺市", "anshun"},
    {"贵州", 'c', "毕节", "毕节市", "bijie"},
    {"贵州", 'c', "铜仁", "铜仁市", "tongren"},
    {"贵州", 'z', "黔西南", "黔西南布依族苗族自治州", "qianxinan"},
    {"贵州", 'z', "黔东南", "黔东南苗族侗族自治州", "qiandongnan"},
    {"贵州", 'z', "黔南", "黔南布依族苗族自治州", "qiannan"},
    {"云南", 'c', "昆明", "昆明市", "kunming"},
    {"云南", 'c', "曲靖", "曲靖市", "qujing"},
    {"云南", 'c', "玉溪", "玉溪市", "yuxi"},
    {"云南", 'c', "保山", "保山市", "baoshan"},
    {"云南", 'c', "昭通", "昭通市", "zhaotong"},
    {"云南", 'c', "丽江", "丽江市", "lijiang"},
    {"云南", 'c', "普洱", "普洱市", "puer"},
    {"云南", 'c', "临沧", "临沧市", "lincang"},
    {"云南", 'z', "楚雄", "楚雄彝族自治州", "chuxiong"},
    {"云南", 'z', "红河", "红河哈尼族彝族自治州", "honghe"},
    {"云南", 'z', "文山", "文山壮族苗族自治州", "wenshan"},
    {"云南", 'z', "西双版纳", "西双版纳傣族自治州", "xishuangbanna"},
    {"云南", 'z', "大理", "大理白族自治州", "dali"},
    {"云南", 'z', "德宏", "德宏傣族景颇族自治州", "dehong"},
    {"云南", 'z', "怒江", "怒江傈僳族自治州", "nujiang"},
    {"云南", 'z', "迪庆", "迪庆藏族自治州", "diqing"},
    {"西藏", 'c', "拉萨", "拉萨市", "lhasa,lasa"},
    {"西藏", 'c', "日喀则", "日喀则市", "shigatse,rikaze"},
    {"西藏", 'c', "昌都", "昌都市", "qamdo,changdu"},
    {"西藏", 'c', "林芝", "林芝市", "nyingchi,linzhi"},
    {"西藏", 'c', "山南", "山南市", "shannan"},
    {"西藏", 'c', "那曲", "那曲市", "nagqu,naqu"},
    {"西藏", 'd', "阿里", "阿里地区", "ngari,ali"},
    {"陕西", 'c', "西安", "西安市", "xian"},
    {"陕西", 'c', "铜川", "铜川市", "tongchuan"},
    {"陕西", 'c', "宝鸡", "宝鸡市", "baoji"},
    {"陕西", 'c', "咸阳", "咸阳市", "xianyang"},
    {"陕西", 'c', "渭南", "渭南市", "weinan"},
    {"陕西", 'c', "延安", "延安市", "yanan"},
    {"陕西", 'c', "汉中", "汉中市", "hanzhong"},
    {"陕西", 'c', "榆林", "榆林市", "yulin"},
    {"陕西", 'c', "安康", "安康市", "ankang"},
    {"陕西", 'c', "商洛", "商洛市", "shangluo"},
    {"甘肃", 'c', "兰州", "兰州市", "lanzhou"},
    {"甘肃", 'c', "嘉峪关", "嘉峪关市", "jiayuguan"},
    {"甘肃", 'c', "金昌", "金昌市", "jinchang"},
    {"甘肃", 'c', "白银", "白银市", "baiyin"},
    {"甘肃", 'c', "天水", "天水市", "tianshui"},
    {"甘肃", 'c', "武威", "武威市", "wuwei"},
    {"甘肃", 'c', "张掖", "张掖市", "zhangye"},
    {"甘肃", 'c', "平凉", "平凉市", "pingliang"},
    {"甘肃", 'c', "酒泉", "酒泉市", "jiuquan"},
    {"甘肃", 'c', "庆阳", "庆阳市", "qingyang"},
    {"甘肃", 'c', "定西", "定西市", "dingxi"},
    {"甘肃", 'c', "陇南", "陇南市", "longnan"},
    {"甘肃", 'z', "临夏", "临夏回族自治州", "linxia"},
    {"甘肃", 'z', "甘南", "甘南藏族自治州", "gannan"},
    {"青海", 'c', "西宁", "西宁市", "xining"},
    {"青海", 'c', "海东", "海东市", "haidong"},
    {"青海", 'z', "海北", "海北藏族自治州", "haibei"},
    {"青海", 'z', "黄南", "黄南藏族自治州", "huangnan"},
    {"青海", 'z', "海南", "海南藏族自治州", ""},
    {"青海", 'z', "果洛", "果洛藏族自治州", "golog,guoluo"},
    {"青海", 'z', "玉树", "玉树藏族自治州", "yushu"},
    {"青海", 'z', "海西", "海西蒙古族藏族自治州", "haixi"},
    {"宁夏", 'c', "银川", "银川市", "yinchuan"},
    {"宁夏", 'c', "石嘴山", "石嘴山市", "shizuishan"},
    {"宁夏", 'c', "吴忠", "吴忠市", "wuzhong"},
    {"宁夏", 'c', "固原", "固原市", "guyuan"},
    {"宁夏", 'c', "中卫", "中卫市", "zhongwei"},
    {"新疆", 'c', "乌鲁木齐", "乌鲁木齐市", "urumqi,wulumuqi"},
    {"新疆", 'c', "克拉玛依", "克拉玛依市", "karamay,kelamayi"},
    {"新疆", 'c', "吐鲁番", "吐鲁番市", "turpan,tulufan"},
    {"新疆", 'c', "哈密", "哈密市", "hami,kumul"},
    {"新疆", 'z', "昌吉", "昌吉回族自治州", "changji"},
    {"新疆", 'z', "博尔塔拉", "博尔塔拉蒙古自治州", "bortala,boertala"},
    {"新疆", 'z', "巴音郭楞", "巴音郭楞蒙古自治州", "bayingolin,bayinguoleng"},
    {"新疆", 'z', "克孜勒苏", "克孜勒苏柯尔克孜自治州", "kizilsu,kezilesu"},
    {"新疆", 'z', "伊犁", "伊犁哈萨克自治州", "ili,yili"},
    {"新疆", 'd', "阿克苏", "阿克苏地区", "aksu,akesu"},
    {"新疆", 'd', "喀什", "喀什地区", "kashgar,kashi"},
    {"新疆", 'd', "和田", "和田地区", "hotan,hetian"},
    {"新疆", 'd', "塔城", "塔城地区", "tacheng"},
    {"新疆", 'd', "阿勒泰", "阿勒泰地区", "altay,aletai"},
    {"新疆", 'x', "石河子", "石河子市", "shihezi"},
    {"新疆", 'x', "阿拉尔", "阿拉尔市", "aral,alaer"},
    {"新疆", 'x', "图木舒克", "图木舒克市", "tumxuk,tumushuke"},
    {"新疆", 'x', "五家渠", "五家渠市", "wujiaqu"},
    {"新疆", 'x', "北屯", "北屯市", "beitun"},
    {"新疆", 'x', "铁门关", "铁门关市", "tiemenguan"},
    {"新疆", 'x', "双河", "双河市", "shuanghe"},
    {"新疆", 'x', "可克达拉", "可克达拉市", "kokdala,kekedala"},
    {"新疆", 'x', "昆玉", "昆玉市", "kunyu"},
    {"新疆", 'x', "胡杨河", "胡杨河市", "huyanghe"},
    {"新疆", 'x', "新星", "新星市", "xinxing"},
    {"新疆", 'x', "白杨", "白杨市", "baiyang"},
};

/* clang-format on */

#define N(a) (sizeof(a) / sizeof((a)[0]))

/* Is word one of the space-separated words of list? */
static int in_list(const char *list, const char *word)
{
    size_t n = strlen(word);
    for (const char *p = list; (p = strstr(p, word)) != NULL; p += n)
        if ((p == list || p[-1] == ' ') && (p[n] == ' ' || p[n] == '\0'))
            return 1;
    return 0;
}

static const char *region_of(const char *province)
{
    for (size_t i = 0; i < N(regions); i++)
        if (in_list(regions[i].provinces, province))
            return regions[i].region;
    return NULL;
}

static const char *expected_tier(const char *city)
{
    return in_list(tier1, city)       ? "一线"
           : in_list(new_tier1, city) ? "新一线"
           : in_list(tier2, city)     ? "二线"
                                      : "三线及以下";
}

/* Call fn(form, arg) for each comma-separated item of list. */
static void each_item(const char *list, void (*fn)(const char *, const void *), const void *arg)
{
    char buf[256];
    const char *p = list;
    while (*p) {
        size_t n = strcspn(p, ",");
        assert_true(n < sizeof buf);
        memcpy(buf, p, n);
        buf[n] = '\0';
        fn(buf, arg);
        p += n;
        if (*p == ',')
            p++;
    }
}

static void check_province_form(const char *form, const void *arg)
{
    const char *name = arg;
    const char *got = ck_province_canonical(form);
    if (!got || strcmp(got, name) != 0)
        fail_msg("province '%s': got %s, want %s", form, got ? got : "NULL", name);
    const char *region = ck_region_of_province(form);
    if (!region || strcmp(region, region_of(name)) != 0)
        fail_msg("region of '%s': got %s, want %s", form, region ? region : "NULL",
                 region_of(name));
}

/* English forms also capitalised, upper-case, spaced and with a designation. */
static void check_province_english(const char *form, const void *arg)
{
    char buf[320]; /* room for a 255-byte item and a designation */
    check_province_form(form, arg);
    snprintf(buf, sizeof buf, "%s", form);
    buf[0] = (char)(buf[0] - 'a' + 'A');
    check_province_form(buf, arg);
    for (char *p = buf; *p; p++)
        if (*p >= 'a' && *p <= 'z')
            *p = (char)(*p - 'a' + 'A');
    check_province_form(buf, arg);
    snprintf(buf, sizeof buf, "  %s Province ", form);
    check_province_form(buf, arg);
}

static void test_every_province_every_form(void **state)
{
    (void)state;
    assert_int_equal(N(provinces), 34);
    for (size_t i = 0; i < N(provinces); i++) {
        char code[16];
        assert_non_null(region_of(provinces[i].name));
        check_province_form(provinces[i].name, provinces[i].name);
        each_item(provinces[i].full, check_province_form, provinces[i].name);
        each_item(provinces[i].english, check_province_english, provinces[i].name);
        snprintf(code, sizeof code, "CN-%s", provinces[i].iso);
        check_province_form(code, provinces[i].name);
        snprintf(code, sizeof code, "cn-%c%c", provinces[i].iso[0] + 32, provinces[i].iso[1] + 32);
        check_province_form(code, provinces[i].name);
    }
    /* every region has its provinces, and they are all in the table */
    size_t n = 0;
    for (size_t r = 0; r < N(regions); r++)
        for (const char *p = regions[r].provinces; *p; n++) {
            p += strcspn(p, " ");
            p += strspn(p, " ");
        }
    assert_int_equal(n, 34);
}

static void test_province_spellings(void **state)
{
    (void)state;
    /* clang-format off */
    static const struct {
        const char *in, *want;
    } cases[] = {
        {"Inner Mongolia", "内蒙古"},
        {"inner-mongolia", "内蒙古"},
        {"Nei Mongol", "内蒙古"},
        {"Inner Mongolia Autonomous Region", "内蒙古"},
        {"Guangxi Zhuang Autonomous Region", "广西"},
        {"Xinjiang Uygur Autonomous Region", "新疆"},
        {"Xinjiang Uyghur Autonomous Region", "新疆"},
        {"Ningxia Hui Autonomous Region", "宁夏"},
        {"Tibet Autonomous Region", "西藏"},
        {"Hong Kong SAR", "香港"},
        {"Hong Kong Special Administrative Region", "香港"},
        {"Macao", "澳门"},
        {"Shanghai Municipality", "上海"},
        {"Shanghai Shi", "上海"},
        {"Guangdong Sheng", "广东"},
        {"Shaanxi", "陕西"},
        {"Shanxi", "山西"},
        {"\xef\xbc\xa7\xef\xbd\x95\xef\xbd\x81\xef\xbd\x8e\xef\xbd\x87\xef\xbd\x84\xef\xbd\x8f\xef\xbd\x8e\xef\xbd\x87", "广东"}, /* Ｇｕａｎｇｄｏｎｇ */
        {"\xe3\x80\x80广东省\xe3\x80\x80", "广东"}, /* ideographic spaces */
        {"广 东", "广东"},
        {"\xef\xbc\xa3\xef\xbc\xae\xef\xbc\x8d\xef\xbc\xa7\xef\xbc\xa4", "广东"}, /* ＣＮ－ＧＤ */
        {"新疆维吾尔族自治区", "新疆"},
        {"内蒙", "内蒙古"},
        {"臺灣", "台湾"},
    };
    /* clang-format on */
    for (size_t i = 0; i < N(cases); i++) {
        const char *got = ck_province_canonical(cases[i].in);
        if (!got || strcmp(got, cases[i].want) != 0)
            fail_msg("province '%s': got %s, want %s", cases[i].in, got ? got : "NULL",
                     cases[i].want);
    }
}

static void test_province_unknown(void **state)
{
    (void)state;
    /* Bare two-letter abbreviations are ambiguous (HN: 湖南/河南/海南) and not accepted. */
    /* clang-format off */
    static const char *const unknown[] = {
        "", " ", "GD", "HN", "HB", "SX", "gd", "CN", "CN-", "CN-XX", "广", "东省", "火星", "Atlantis",
        "Province", "Sheng", "SAR", "广东省广东省", "Guangdong Province Province", "深圳",
        "123", "\xff\xfe", "an extremely long string that is certainly not a province name and "
        "exceeds any buffer the normaliser might use for a key, repeated to be sure of it ok",
    };
    /* clang-format on */
    assert_null(ck_province_canonical(NULL));
    assert_null(ck_region_of_province(NULL));
    for (size_t i = 0; i < N(unknown); i++) {
        if (ck_province_canonical(unknown[i]) || ck_region_of_province(unknown[i]))
            fail_msg("'%s' should be unknown, got %s", unknown[i],
                     ck_province_canonical(unknown[i]));
    }
}

struct want {
    const char *city, *province, *tier;
};

static void check_city_form(const char *form, const void *arg)
{
    const struct want *w = arg;
    const char *tier = ck_city_tier(form), *province = ck_city_province(form);
    if (!tier || strcmp(tier, w->tier) != 0)
        fail_msg("tier of '%s' (%s): got %s, want %s", form, w->city, tier ? tier : "NULL",
                 w->tier);
    if (!province || strcmp(province, w->province) != 0)
        fail_msg("province of '%s' (%s): got %s, want %s", form, w->city,
                 province ? province : "NULL", w->province);
}

/* Number of cities spelled s (a pinyin shared by two cities). */
static int spelled(const char *s)
{
    int n = 0;
    size_t len = strlen(s);
    for (size_t i = 0; i < N(cities); i++)
        for (const char *p = cities[i].spellings; (p = strstr(p, s)) != NULL; p += len)
            if ((p == cities[i].spellings || p[-1] == ',') && (p[len] == ',' || p[len] == '\0'))
                n++;
    return n;
}

static void check_city_spelling(const char *form, const void *arg)
{
    char buf[320];         /* room for a 255-byte item and " City" */
    if (spelled(form) > 1) /* ambiguous: see test_ambiguous_pinyin */
        return;
    check_city_form(form, arg);
    snprintf(buf, sizeof buf, "%s", form);
    buf[0] = (char)(buf[0] - 'a' + 'A');
    check_city_form(buf, arg);
    snprintf(buf, sizeof buf, "%s City", form);
    check_city_form(buf, arg);
}

static void test_every_city_every_form(void **state)
{
    (void)state;
    int count[128] = {0};
    for (size_t i = 0; i < N(cities); i++) {
        struct want w = {cities[i].name, cities[i].province, expected_tier(cities[i].name)};
        count[(unsigned char)cities[i].kind]++;
        /* 青海's 海南藏族自治州 is not keyed by the bare 海南, which names the province. */
        if (strcmp(cities[i].name, "海南") != 0)
            check_city_form(cities[i].name, &w);
        check_city_form(cities[i].full, &w);
        if (cities[i].kind == 'z') {
            char buf[64];
            snprintf(buf, sizeof buf, "%s州", cities[i].name);
            check_city_form(buf, &w);
        }
        each_item(cities[i].spellings, check_city_spelling, &w);
        /* pinyin is required at least for the 一线, 新一线 and 二线 cities */
        if (strcmp(w.tier, "三线及以下") != 0)
            assert_true(cities[i].spellings[0] != '\0');
    }
    /* 2024: 293 prefecture-level cities, 30 自治州, 7 地区, 3 盟; 4 municipalities */
    assert_int_equal(count['c'], 293);
    assert_int_equal(count['z'], 30);
    assert_int_equal(count['d'], 7);
    assert_int_equal(count['g'], 3);
    assert_int_equal(count['m'], 4);
    /* every listed tier city is in the table */
    static const char *const lists[] = {tier1, new_tier1, tier2};
    static const int sizes[] = {4, 15, 30};
    for (size_t l = 0; l < N(lists); l++) {
        int n = 0;
        for (size_t i = 0; i < N(cities); i++)
            n += in_list(lists[l], cities[i].name);
        assert_int_equal(n, sizes[l]);
    }
}

static void test_city_forms(void **state)
{
    (void)state;
    /* clang-format off */
    static const struct {
        const char *in, *city_province, *tier;
    } cases[] = {
        {"深圳", "广东", "一线"},
        {"深圳市", "广东", "一线"},
        {"Shenzhen", "广东", "一线"},
        {"SHENZHEN", "广东", "一线"},
        {"shen zhen", "广东", "一线"},
        {"Shenzhen Shi", "广东", "一线"},
        {"\xef\xbc\xb3\xef\xbd\x88\xef\xbd\x85\xef\xbd\x8e\xef\xbd\x9a\xef\xbd\x88\xef\xbd\x85\xef\xbd\x8e", "广东", "一线"}, /* Ｓｈｅｎｚｈｅｎ */
        {"\xe3\x80\x80深圳\xe3\x80\x80", "广东", "一线"},
        {"Xi'an", "陕西", "新一线"},
        {"Xi\xe2\x80\x99" "an", "陕西", "新一线"},
        {"Harbin", "黑龙江", "二线"},
        {"Lüliang", "山西", "三线及以下"},
        {"延边朝鲜族自治州", "吉林", "三线及以下"},
        {"延边州", "吉林", "三线及以下"},
        {"大兴安岭地区", "黑龙江", "三线及以下"},
        {"阿拉善盟", "内蒙古", "三线及以下"},
        {"海南藏族自治州", "青海", "三线及以下"},
        {"吉林", "吉林", "三线及以下"},
        {"Huangshi", "湖北", "三线及以下"},  /* ends in "shi" but is the name */
        {"Huangshi Shi", "湖北", "三线及以下"},
        /* addresses: province prefix, district suffix */
        {"广东省深圳市", "广东", "一线"},
        {"广东深圳", "广东", "一线"},
        {"深圳市南山区", "广东", "一线"},
        {"广东省深圳市南山区", "广东", "一线"},
        {"北京市朝阳区", "北京", "一线"},
        {"吉林省吉林市", "吉林", "三线及以下"},
        {"延边朝鲜族自治州延吉市", "吉林", "三线及以下"},
        {"内蒙古自治区包头市", "内蒙古", "三线及以下"},
        {"Guangdong Shenzhen", "广东", "一线"},
        {"江苏苏州", "江苏", "新一线"},
    };
    /* clang-format on */
    for (size_t i = 0; i < N(cases); i++) {
        struct want w = {cases[i].in, cases[i].city_province, cases[i].tier};
        check_city_form(cases[i].in, &w);
    }
}

static void test_ambiguous_pinyin(void **state)
{
    (void)state;
    /* a shared pinyin resolves to the higher-tier city, or to none when the tiers are equal */
    assert_string_equal(ck_city_province("Suzhou"), "江苏");
    assert_string_equal(ck_city_tier("Suzhou"), "新一线");
    assert_string_equal(ck_city_province("Fuzhou"), "福建");
    assert_string_equal(ck_city_tier("Fuzhou"), "二线");
    assert_string_equal(ck_city_province("Taizhou"), "浙江");
    assert_string_equal(ck_city_tier("Taizhou"), "二线");
    assert_null(ck_city_tier("Yichun"));
    assert_null(ck_city_tier("Yulin"));
    assert_int_equal(spelled("yichun"), 2);
    assert_int_equal(spelled("yulin"), 2);
    /* the homonyms themselves are found by their Chinese names */
    assert_string_equal(ck_city_province("宿州"), "安徽");
    assert_string_equal(ck_city_province("抚州"), "江西");
    assert_string_equal(ck_city_province("泰州"), "江苏");
    assert_string_equal(ck_city_province("伊春"), "黑龙江");
    assert_string_equal(ck_city_province("宜春"), "江西");
}

static void test_city_unknown(void **state)
{
    (void)state;
    /* clang-format off */
    static const char *const unknown[] = {
        "", "  ", "市", "地区", "City", "Shi", "火星市", "Atlantis", "Gotham City",
        "海南",          /* the province, not a city */
        "朝阳区",        /* 北京's district, not 辽宁's 朝阳 */
        "杭州湾新区",    /* in 宁波: a short name followed by text is not a match */
        "广东省苏州市",  /* province and city disagree */
        "广东省",        /* a province alone */
        "广东省火星市",
        "昆山", "义乌",  /* county-level cities are not in the table */
        "香港",          /* not on the mainland tier list */
        "SZ", "BJ",
        "\xff\xfe\xfd",
        "一个很长很长很长很长很长很长很长很长很长很长很长很长很长很长很长很长很长很长的地名",
    };
    /* clang-format on */
    assert_null(ck_city_tier(NULL));
    assert_null(ck_city_province(NULL));
    for (size_t i = 0; i < N(unknown); i++)
        if (ck_city_tier(unknown[i]) || ck_city_province(unknown[i]))
            fail_msg("'%s' should be unknown, got %s", unknown[i], ck_city_province(unknown[i]));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_province_every_form),
        cmocka_unit_test(test_province_spellings),
        cmocka_unit_test(test_province_unknown),
        cmocka_unit_test(test_every_city_every_form),
        cmocka_unit_test(test_city_forms),
        cmocka_unit_test(test_ambiguous_pinyin),
        cmocka_unit_test(test_city_unknown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
