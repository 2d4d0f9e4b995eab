"""Generate N fictional exhibitors that follow the data contract exactly, for
benchmarks at the size of the real programme.

    python bench/generate_exhibitors.py 50000 /tmp/site/data [--seed 2021]
                                        [--images /tmp/site/content/images]

Records go to DATA/exhibitors/<kecamatan>/<slug>.yaml (one folder per
kecamatan keeps folders small). Vocabulary keys are read from DATA/vocab/.
Names and text are Indonesian (most with an English translation) and made
up; every record says `sample: true`. Every optional field of the contract
is used by some records. Phone numbers follow reserved-looking patterns
(021-5550-xxx, +62 812-000-xxxxx), websites use the reserved `.example`
domain, and shop links name shops that say they are samples.

With --images, one neutral placeholder logo is written there and some
records use it (a logo must be a raster file under content/images/).
The same seed and N always give the same files.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
import unicodedata
from pathlib import Path

import yaml

# Per category: products (Indonesian, English), and what the business is.
PRODUCTS = {
    "kuliner": [("Kopi", "coffee"), ("Sambal", "chilli sauce"), ("Keripik", "crisps"),
                ("Kue", "cakes"), ("Roti", "bread"), ("Bakso", "meatball soup"),
                ("Soto", "soto soup"), ("Nasi Uduk", "coconut rice"), ("Rendang", "rendang"),
                ("Pempek", "pempek fishcakes"), ("Martabak", "martabak"), ("Kerupuk", "crackers"),
                ("Bolu", "sponge cake"), ("Sate", "satay"), ("Dodol", "dodol sweets"),
                ("Es Selendang", "iced dessert"), ("Kerak Telor", "kerak telor")],
    "fesyen": [("Batik", "batik"), ("Tenun", "woven cloth"), ("Hijab", "hijabs"),
               ("Kaos", "T-shirts"), ("Sepatu", "shoes"), ("Tas", "bags"), ("Kebaya", "kebaya"),
               ("Songket", "songket"), ("Jaket", "jackets"), ("Gamis", "long dresses")],
    "kriya": [("Anyaman", "woven goods"), ("Gerabah", "earthenware"), ("Ukiran", "carvings"),
              ("Rajut", "knitwear"), ("Lilin Aroma", "scented candles"), ("Keramik", "ceramics"),
              ("Sulam", "embroidery"), ("Wayang", "wayang puppets"), ("Ondel-Ondel", "ondel-ondel")],
    "kecantikan": [("Sabun", "soap"), ("Lulur", "body scrub"), ("Minyak Rambut", "hair oil"),
                   ("Masker Wajah", "face masks"), ("Salon", "salon"), ("Parfum", "perfume")],
    "herbal": [("Jamu", "jamu tonic"), ("Wedang", "spiced drinks"), ("Madu", "honey"),
               ("Rempah", "spices"), ("Teh Herbal", "herbal tea"), ("Temulawak", "temulawak")],
    "pertanian-perkotaan": [("Hidroponik", "hydroponic greens"), ("Kebun", "garden"),
                            ("Sayur", "vegetables"), ("Jamur", "mushrooms"), ("Bibit", "seedlings"),
                            ("Lele", "catfish"), ("Microgreen", "microgreens")],
    "jasa": [("Cuci Sepatu", "shoe cleaning"), ("Laundry", "laundry"), ("Servis HP", "phone repair"),
             ("Jahit", "tailoring"), ("Katering", "catering"), ("Sablon", "screen printing"),
             ("Les Privat", "private tutoring")],
    "kreatif-digital": [("Foto Produk", "product photography"), ("Desain", "design"),
                        ("Studio", "studio"), ("Animasi", "animation"), ("Video", "video"),
                        ("Percetakan", "printing"), ("Konten", "content")],
}  # fmt: skip
WORDS = ["Senja", "Pagi", "Berkah", "Legit", "Gurih", "Nusantara", "Betawi", "Juara", "Mandiri",
         "Lestari", "Sejahtera", "Rumahan", "Ceria", "Harum", "Asri", "Jaya", "Makmur", "Sentosa",
         "Bu Sari", "Mbak Rini", "Pak Darto", "Bang Jali", "Mak Ijah", "Cik Lina", "Kang Ujang",
         "Teh Euis", "Uda Rahmat", "Oma Lien", "Dua Putri", "Tiga Saudara", "Kita", "Kampung"]  # fmt: skip
VARIANTS = ["original", "pedas", "250 g", "kemasan kecil", "paket hemat", "premium", "edisi Lebaran",
            "ukuran keluarga", "pesanan khusus", "isi ulang"]  # fmt: skip
LEADING = ["3 Saudara", "99", "2 Sahabat", "Dapur", "Rumah", "Toko", "Warung", "Galeri", "Sentra"]
ORIGINS = [("dikerjakan di rumah oleh satu keluarga", "made at home by one family"),
           ("dirintis oleh ibu-ibu PKK di lingkungan RT", "started by a neighbourhood women's group"),
           ("dibina pusat pendampingan Jakpreneur setempat", "mentored by the local Jakpreneur centre"),
           ("dijual lewat pesan antar dan lokapasar", "sold through delivery apps and marketplaces"),
           ("memakai bahan dari pemasok sekitar", "using materials from nearby suppliers")]  # fmt: skip
TAGS = ["pesan-antar", "ramah-lingkungan", "daur-ulang", "oleh-oleh", "produk-lokal", "vegan",
        "tanpa-pengawet", "custom", "grosir", "kelas-pelatihan"]  # fmt: skip
HALAL_CATEGORIES = {"kuliner", "herbal", "kecantikan"}
LOGO = "logos/contoh-generik.png"
RESERVED = {"page", "kategori", "kecamatan", "kota", "a-z", "index", "agenda"}


def slugify(text: str) -> str:
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", "-", folded).strip("-")


def quoted(text: str) -> str:
    """A YAML double-quoted scalar (JSON strings are valid YAML)."""
    return json.dumps(text, ensure_ascii=False)


class Generator:
    def __init__(self, data: Path, seed: int, with_logo: bool):
        self.rng = random.Random(seed)
        vocab = data / "vocab"
        self.categories = list(load(vocab / "categories.yaml"))
        regions = load(vocab / "regions.yaml")
        self.kecamatan = {key: label for region in regions.values()
                          for key, label in region["kecamatan"].items()}  # fmt: skip
        self.marketplaces = {key: entry["hosts"][0]
                             for key, entry in load(vocab / "marketplaces.yaml").items()}  # fmt: skip
        self.with_logo = with_logo
        self.claimed = set(RESERVED) | {p.stem for p in (data / "exhibitors").rglob("*.yaml")}

    def claim(self, base: str) -> str:
        slug, number = base, 1
        while slug in self.claimed:
            number += 1
            slug = f"{base}-{number}"
        self.claimed.add(slug)
        return slug

    def name(self, category: str, place: str) -> tuple[str, tuple[str, str]]:
        rng = self.rng
        product = rng.choice(PRODUCTS[category])
        shape = rng.random()
        if shape < 0.08:
            name = f"{rng.choice(LEADING)} {product[0]}"
        elif shape < 0.55:
            name = f"{product[0]} {rng.choice(WORDS)}"
        else:
            name = f"{product[0]} {rng.choice(WORDS)} {place}"
        return name, product

    def record(self, number: int) -> tuple[str, str, str]:
        """(kecamatan, slug, YAML text) of exhibitor `number`."""
        rng = self.rng
        weights = [3 if c == "kuliner" else 1 for c in self.categories]
        category = rng.choices(self.categories, weights)[0]
        kecamatan = rng.choice(list(self.kecamatan))
        place = self.kecamatan[kecamatan]
        name, (product_id, product_en) = self.name(category, place)
        slug = self.claim(slugify(name))
        origin = rng.choice(ORIGINS)
        lines = [
            "# Contoh peserta fiktif, dibuat oleh bench/generate_exhibitors.py: usaha ini tidak nyata.",
            "# Fictional sample exhibitor made by bench/generate_exhibitors.py: not a real business.",
            f"name: {quoted(name)}",
            f"category: {category}",
            f"kecamatan: {kecamatan}",
        ]
        summary_id = f"Usaha {product_id.lower()} dari {place}, {origin[0]}."
        summary_en = f"A {product_en} business from {place}, {origin[1]}."
        lines += self.translatable("summary", summary_id, summary_en, english=rng.random() < 0.8)
        if rng.random() < 0.6:
            lines += self.description(name, product_id, product_en, place)
        if rng.random() < 0.7:
            items = rng.sample(PRODUCTS[category], k=min(3, len(PRODUCTS[category])))
            lines.append("products:")
            lines += [f"  - {quoted(f'{p} {rng.choice(VARIANTS)}')}" for p, _ in items]
        if rng.random() < 0.5:
            lines.append(f"booth: {rng.choice('ABCDEFGH')}-{rng.randint(1, 120)}")
        if rng.random() < 0.3:
            lines.append(f"whatsapp: {quoted(f'+62812000{number % 100000:05d}')}")
        if rng.random() < 0.2:
            lines.append(f"phone: {quoted(f'0215550{number % 1000:03d}')}")
        if rng.random() < 0.4:
            lines.append(f"instagram: {quoted(slug.replace('-', '.')[:30].strip('.'))}")
        if rng.random() < 0.15:
            lines.append(f"website: {quoted(f'https://{slug}.example')}")
        if rng.random() < 0.3:
            lines += self.shops(slug)
        if rng.random() < 0.25:
            lines.append("contact_public: true")
        elif rng.random() < 0.1:
            lines.append("contact_public: false")
        if self.with_logo and rng.random() < 0.02:
            lines.append(f"logo: {LOGO}")
        if rng.random() < 0.5:
            lines.append(f"established: {quoted(str(rng.randint(1985, 2024)))}")
        if category in HALAL_CATEGORIES and rng.random() < 0.6:
            lines.append(f"halal: {'true' if rng.random() < 0.9 else 'false'}")
        if rng.random() < 0.35:
            lines.append("tags:")
            lines += [f"  - {tag}" for tag in rng.sample(TAGS, k=rng.randint(1, 3))]
        if rng.random() < 0.01:
            alias = self.claim(f"{slug}-lama")
            lines += ["aliases:", f"  - {alias}"]
        lines.append("sample: true")
        return kecamatan, slug, "\n".join(lines) + "\n"

    def translatable(self, key: str, text_id: str, text_en: str, *, english: bool) -> list[str]:
        if not english:
            return [f"{key}: {quoted(text_id)}"]
        return [f"{key}:", f"  id: {quoted(text_id)}", f"  en: {quoted(text_en)}"]

    def description(self, name: str, product_id: str, product_en: str, place: str) -> list[str]:
        rng = self.rng
        year = rng.randint(2005, 2021)
        paragraphs_id = [
            f"{name} berawal dari dapur dan teras rumah di {place} pada {year}. Kini "
            f"{product_id.lower()} buatannya dipesan tetangga, kantor dan acara sekitar Jakarta.",
            "Setiap pesanan dikerjakan dalam jumlah kecil agar mutunya terjaga; "
            f"pelanggan dapat memesan lewat **pesan antar** atau datang langsung ke {place}.",
        ]
        paragraphs_en = [
            f"{name} began on a front porch in {place} in {year}. Today neighbours, offices "
            f"and events around Jakarta order its {product_en}.",
            "Every order is made in small batches to keep the quality; customers order "
            f"through **delivery apps** or visit in {place}.",
        ]
        count = rng.randint(1, 2)
        lines = ["description:"]
        if rng.random() < 0.75:
            lines += ["  id: |", *self.block(paragraphs_id[:count], 4)]
            lines += ["  en: |", *self.block(paragraphs_en[:count], 4)]
        else:
            lines[0] = "description: |"
            lines += self.block(paragraphs_id[:count], 2)
        return lines

    @staticmethod
    def block(paragraphs: list[str], indent: int) -> list[str]:
        lines = []
        for index, paragraph in enumerate(paragraphs):
            if index:
                lines.append("")
            lines.append(" " * indent + paragraph)
        return lines

    def shops(self, slug: str) -> list[str]:
        lines = ["marketplaces:"]
        for platform in self.rng.sample(sorted(self.marketplaces), k=self.rng.randint(1, 2)):
            host = self.marketplaces[platform]
            lines += [
                f"  - platform: {platform}",
                f"    url: {quoted(f'https://{host}/contoh-{slug}')}",
            ]
        return lines


def load(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def write_logo(images: Path) -> None:
    """A plain 120 px square: a placeholder that depicts no real business."""
    from PIL import Image

    target = images / LOGO
    target.parent.mkdir(parents=True, exist_ok=True)
    Image.new("RGB", (120, 120), (15, 76, 69)).save(target, format="PNG")


def generate(count: int, data: Path, seed: int = 2021, images: Path | None = None) -> int:
    if images is not None:
        write_logo(images)
    generator = Generator(data, seed, with_logo=images is not None)
    root = data / "exhibitors"
    for number in range(count):
        kecamatan, slug, text = generator.record(number)
        target = root / kecamatan / f"{slug}.yaml"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    return count


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("count", type=int, help="how many exhibitors")
    parser.add_argument(
        "data", type=Path, help="a data folder with vocab/ (records go to exhibitors/)"
    )
    parser.add_argument("--seed", type=int, default=2021)
    parser.add_argument("--images", type=Path, help="content/images folder for a placeholder logo")
    args = parser.parse_args(argv)
    if not (args.data / "vocab").is_dir():
        parser.error(f"{args.data}/vocab/ not found: copy data/ first")
    generate(args.count, args.data, args.seed, args.images)
    print(f"{args.count} exhibitors written under {args.data / 'exhibitors'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
