//! Russian reference data for the simulated Market: people's names, cities with their
//! Yandex region ids and parent chain, streets, the carrier directory, the shop's
//! catalogue, and the buyers' chat lines.
//!
//! Region ids are those of the Yandex regions tree, which is what the Market's
//! `RegionDTO` carries; the chain is city → subject (REGION/REPUBLIC) → federal
//! district (COUNTRY_DISTRICT) → Россия (225). Carrier ids are made up in the Market's
//! shape: the real directory is only known through `GET /v2/delivery/services`.

use crate::market::enums::RegionType;
use crate::market::wire::Region;

#[rustfmt::skip]
pub(super) const MALE_FIRST: &[&str] = &[
    "Александр", "Дмитрий", "Максим", "Сергей", "Андрей", "Алексей", "Артём", "Илья",
    "Кирилл", "Михаил", "Никита", "Матвей", "Роман", "Егор", "Арсений", "Иван", "Денис",
    "Евгений", "Тимофей", "Владимир", "Павел", "Руслан", "Марат", "Олег", "Игорь",
    "Константин", "Виктор", "Григорий", "Фёдор", "Степан",
];

#[rustfmt::skip]
pub(super) const FEMALE_FIRST: &[&str] = &[
    "Анна", "Мария", "Елена", "Дарья", "Алина", "Ирина", "Екатерина", "Арина", "Полина",
    "Ольга", "Юлия", "Татьяна", "Наталья", "Виктория", "Елизавета", "Анастасия", "Марина",
    "Светлана", "Ксения", "Софья", "Вера", "Людмила", "Галина", "Алёна", "Диана", "Зарина",
    "Валерия", "Кристина", "Надежда", "Лилия",
];

/// Surnames in the masculine form; `surname` derives the feminine one.
#[rustfmt::skip]
const SURNAMES: &[&str] = &[
    "Иванов", "Смирнов", "Кузнецов", "Попов", "Васильев", "Петров", "Соколов", "Михайлов",
    "Новиков", "Фёдоров", "Морозов", "Волков", "Алексеев", "Лебедев", "Семёнов", "Егоров",
    "Павлов", "Козлов", "Степанов", "Николаев", "Орлов", "Андреев", "Макаров", "Никитин",
    "Захаров", "Зайцев", "Соловьёв", "Борисов", "Яковлев", "Григорьев", "Романов",
    "Воробьёв", "Сергеев", "Кузьмин", "Фролов", "Александров", "Дмитриев", "Королёв",
    "Гусев", "Киселёв", "Ильин", "Максимов", "Поляков", "Сорокин", "Виноградов", "Ковалёв",
    "Белов", "Медведев", "Антонов", "Тарасов", "Жуков", "Баранов", "Филиппов", "Комаров",
    "Давыдов", "Беляев", "Герасимов", "Богданов", "Осипов", "Сидоров", "Матвеев", "Титов",
    "Марков", "Миронов", "Крылов", "Куликов", "Карпов", "Власов", "Мельников", "Денисов",
    "Гаврилов", "Тихонов", "Казаков", "Афанасьев", "Данилов", "Савельев", "Тимофеев",
    "Фомин", "Чернов", "Абрамов", "Мартынов", "Ефимов", "Федотов", "Щербаков", "Назаров",
    "Калинин", "Исаев", "Чернышёв", "Быков", "Маслов", "Родионов", "Коновалов", "Лазарев",
    "Воронин", "Климов", "Филатов", "Пономарёв", "Голубев", "Кудрявцев", "Прохоров",
    "Наумов", "Потапов", "Журавлёв", "Овчинников", "Трофимов", "Леонов", "Соболев",
    "Ермаков", "Колесников", "Гончаров", "Емельянов", "Никифоров", "Грачёв", "Котов",
    "Гришин", "Ефремов", "Архипов", "Громов", "Кириллов", "Малышев", "Панов", "Моисеев",
    "Румянцев", "Акимов", "Кондратьев", "Бирюков", "Горбунов", "Анисимов", "Еремин",
    "Тихомиров", "Галкин", "Лукьянов", "Михеев", "Скворцов", "Юдин", "Белоусов", "Нестеров",
    "Симонов", "Прокофьев", "Харитонов", "Князев", "Цветков", "Левин", "Митрофанов",
    "Воронов", "Аксёнов", "Софронов", "Мальцев", "Логинов", "Горшков", "Савин", "Краснов",
    "Майоров", "Демидов", "Елисеев", "Рыбаков", "Сафонов", "Плотников", "Дёмин", "Хохлов",
    "Хабибуллин", "Гарипов", "Сафин", "Шарипов", "Ахметов", "Валиев", "Зиннатуллин",
    "Островский", "Вишневский", "Покровский", "Рождественский", "Заречный",
];

/// Fathers' names for patronymics: (male patronymic, female patronymic).
const PATRONYMICS: &[(&str, &str)] = &[
    ("Александрович", "Александровна"),
    ("Дмитриевич", "Дмитриевна"),
    ("Сергеевич", "Сергеевна"),
    ("Андреевич", "Андреевна"),
    ("Алексеевич", "Алексеевна"),
    ("Михайлович", "Михайловна"),
    ("Иванович", "Ивановна"),
    ("Владимирович", "Владимировна"),
    ("Викторович", "Викторовна"),
    ("Николаевич", "Николаевна"),
    ("Петрович", "Петровна"),
    ("Олегович", "Олеговна"),
    ("Игоревич", "Игоревна"),
    ("Юрьевич", "Юрьевна"),
    ("Евгеньевич", "Евгеньевна"),
    ("Павлович", "Павловна"),
    ("Романович", "Романовна"),
    ("Маратович", "Маратовна"),
    ("Ильич", "Ильинична"),
    ("Фёдорович", "Фёдоровна"),
];

/// A buyer's name, as indices into the tables (cheap to keep per order).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct PersonName {
    pub female: bool,
    pub first: u16,
    pub last: u16,
    pub middle: u16,
}

impl PersonName {
    pub fn draw(rng: &mut super::rng::Rng) -> PersonName {
        let female = rng.chance(0.55);
        let firsts = if female { FEMALE_FIRST } else { MALE_FIRST };
        PersonName {
            female,
            first: rng.below(firsts.len() as u64) as u16,
            last: rng.below(SURNAMES.len() as u64) as u16,
            middle: rng.below(PATRONYMICS.len() as u64) as u16,
        }
    }

    pub fn first(&self) -> &'static str {
        let firsts = if self.female {
            FEMALE_FIRST
        } else {
            MALE_FIRST
        };
        firsts[usize::from(self.first) % firsts.len()]
    }

    pub fn last(&self) -> String {
        let m = SURNAMES[usize::from(self.last) % SURNAMES.len()];
        if !self.female {
            return m.to_owned();
        }
        // Russian feminine surnames: -ов/-ев/-ёв/-ин take -а, -ский/-цкий become -ская/-цкая;
        // others (e.g. -ный is adjectival too) follow the adjective rule or stay as they are.
        if let Some(stem) = m.strip_suffix("ий") {
            format!("{stem}ая")
        } else if let Some(stem) = m.strip_suffix("ый") {
            format!("{stem}ая")
        } else if m.ends_with("ов") || m.ends_with("ев") || m.ends_with("ёв") || m.ends_with("ин")
        {
            format!("{m}а")
        } else {
            m.to_owned()
        }
    }

    pub fn middle(&self) -> &'static str {
        let (m, f) = PATRONYMICS[usize::from(self.middle) % PATRONYMICS.len()];
        if self.female { f } else { m }
    }
}

/// A federal district: (id, name).
const DISTRICTS: &[(i64, &str)] = &[
    (3, "Центральный федеральный округ"),
    (17, "Северо-Западный федеральный округ"),
    (26, "Южный федеральный округ"),
    (40, "Приволжский федеральный округ"),
    (52, "Уральский федеральный округ"),
    (59, "Сибирский федеральный округ"),
    (73, "Дальневосточный федеральный округ"),
    (102_444, "Северо-Кавказский федеральный округ"),
];

/// A subject of the federation: (id, name, is a republic, index into `DISTRICTS`).
const SUBJECTS: &[(i64, &str, bool, usize)] = &[
    (1, "Москва и Московская область", false, 0),
    (10_174, "Санкт-Петербург и Ленинградская область", false, 1),
    (11_316, "Новосибирская область", false, 5),
    (11_162, "Свердловская область", false, 4),
    (11_119, "Республика Татарстан", true, 3),
    (11_079, "Нижегородская область", false, 3),
    (11_131, "Самарская область", false, 3),
    (11_029, "Ростовская область", false, 2),
    (10_995, "Краснодарский край", false, 2),
    (11_111, "Республика Башкортостан", true, 3),
    (11_108, "Пермский край", false, 3),
    (10_672, "Воронежская область", false, 0),
    (11_225, "Челябинская область", false, 4),
    (11_318, "Омская область", false, 5),
    (11_309, "Красноярский край", false, 5),
    (10_950, "Волгоградская область", false, 2),
    (11_409, "Приморский край", false, 6),
    (11_176, "Тюменская область", false, 4),
    (10_841, "Ярославская область", false, 0),
    (10_857, "Калининградская область", false, 1),
    (10_832, "Тульская область", false, 0),
    (11_266, "Иркутская область", false, 5),
    (11_010, "Республика Дагестан", true, 7),
    (11_146, "Саратовская область", false, 3),
    (11_148, "Удмуртская Республика", true, 3),
];

/// A city buyers live in.
pub(super) struct City {
    pub id: i64,
    pub name: &'static str,
    /// Index into `SUBJECTS`.
    subject: usize,
    /// First three digits of the city's postcodes.
    pub postcode: u32,
    pub lat: f64,
    pub lon: f64,
    /// Relative share of the shop's buyers.
    pub weight: u32,
}

const fn city(
    id: i64,
    name: &'static str,
    subject: usize,
    postcode: u32,
    lat: f64,
    lon: f64,
    weight: u32,
) -> City {
    City {
        id,
        name,
        subject,
        postcode,
        lat,
        lon,
        weight,
    }
}

pub(super) const CITIES: &[City] = &[
    city(213, "Москва", 0, 125, 55.7558, 37.6176, 300),
    city(2, "Санкт-Петербург", 1, 190, 59.9386, 30.3141, 120),
    city(65, "Новосибирск", 2, 630, 55.0302, 82.9204, 30),
    city(54, "Екатеринбург", 3, 620, 56.8389, 60.6057, 30),
    city(43, "Казань", 4, 420, 55.7963, 49.1088, 35),
    city(47, "Нижний Новгород", 5, 603, 56.3269, 44.0065, 25),
    city(51, "Самара", 6, 443, 53.1959, 50.1002, 20),
    city(39, "Ростов-на-Дону", 7, 344, 47.2357, 39.7015, 22),
    city(35, "Краснодар", 8, 350, 45.0355, 38.9753, 25),
    city(172, "Уфа", 9, 450, 54.7388, 55.9721, 18),
    city(50, "Пермь", 10, 614, 58.0105, 56.2502, 15),
    city(193, "Воронеж", 11, 394, 51.6608, 39.2003, 15),
    city(56, "Челябинск", 12, 454, 55.1644, 61.4368, 16),
    city(66, "Омск", 13, 644, 54.9885, 73.3242, 12),
    city(62, "Красноярск", 14, 660, 56.0153, 92.8932, 14),
    city(38, "Волгоград", 15, 400, 48.7080, 44.5133, 12),
    city(75, "Владивосток", 16, 690, 43.1155, 131.8855, 8),
    city(55, "Тюмень", 17, 625, 57.1530, 65.5343, 10),
    city(16, "Ярославль", 18, 150, 57.6261, 39.8845, 8),
    city(22, "Калининград", 19, 236, 54.7104, 20.4522, 8),
    city(15, "Тула", 20, 300, 54.1931, 37.6173, 8),
    city(63, "Иркутск", 21, 664, 52.2870, 104.3050, 8),
    city(28, "Махачкала", 22, 367, 42.9849, 47.5047, 6),
    city(194, "Саратов", 23, 410, 51.5331, 46.0342, 10),
    city(44, "Ижевск", 24, 426, 56.8526, 53.2045, 8),
    city(10_758, "Химки", 0, 141, 55.8970, 37.4297, 20),
    city(10_716, "Балашиха", 0, 143, 55.7963, 37.9382, 20),
    city(236, "Набережные Челны", 4, 423, 55.7436, 52.3958, 10),
    city(239, "Сочи", 8, 354, 43.5855, 39.7231, 10),
];

/// Indices of every city in `CITIES`.
pub(super) const ALL_CITIES: &[usize] = &[
    0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25,
    26, 27, 28,
];
/// Indices into `CITIES` of the Moscow region (the DBS shop's own courier zone).
pub(super) const MOSCOW_AREA: &[usize] = &[0, 25, 26];
/// Indices into `CITIES` of Tatarstan (the second DBS warehouse's zone).
pub(super) const TATARSTAN: &[usize] = &[4, 27];
/// Indices into `CITIES` where Express delivers (Moscow and Saint Petersburg).
pub(super) const EXPRESS_CITIES: &[usize] = &[0, 1];

impl City {
    /// Days a parcel from a Moscow-area warehouse takes to reach the city: (min, max).
    pub fn transit_days(&self) -> (i64, i64) {
        match SUBJECTS[self.subject].3 {
            _ if self.subject == 0 => (1, 2),
            0 | 1 => (2, 3),
            5 => (4, 7),
            6 => (6, 9),
            7 => (3, 6),
            _ => (2, 5),
        }
    }

    /// The `RegionDTO` of the city with its whole parent chain.
    pub fn region(&self) -> Region {
        let (sid, sname, republic, d) = SUBJECTS[self.subject];
        let (did, dname) = DISTRICTS[d];
        let country = Region {
            id: 225,
            name: "Россия".into(),
            kind: RegionType::COUNTRY,
            parent: None,
        };
        let district = Region {
            id: did,
            name: dname.into(),
            kind: RegionType::COUNTRY_DISTRICT,
            parent: Some(Box::new(country)),
        };
        let subject = Region {
            id: sid,
            name: sname.into(),
            kind: if republic {
                RegionType::REPUBLIC
            } else {
                RegionType::REGION
            },
            parent: Some(Box::new(district)),
        };
        Region {
            id: self.id,
            name: self.name.into(),
            kind: RegionType::CITY,
            parent: Some(Box::new(subject)),
        }
    }
}

#[rustfmt::skip]
pub(super) const STREETS: &[&str] = &[
    "улица Ленина", "Центральная улица", "Молодёжная улица", "Школьная улица",
    "Садовая улица", "Советская улица", "Лесная улица", "Новая улица", "улица Мира",
    "Набережная улица", "улица Гагарина", "Зелёная улица", "Пролетарская улица",
    "Октябрьская улица", "улица Кирова", "Первомайская улица", "улица Пушкина",
    "Комсомольская улица", "улица Чехова", "проспект Победы", "Лесной проспект",
    "улица Чкалова", "улица Маяковского", "Заводская улица", "Полевая улица",
    "Спортивная улица", "улица Суворова", "Береговая улица", "улица Лермонтова",
    "бульвар Строителей", "улица Академика Королёва", "Университетский проспект",
];

/// The carrier directory (`GET /v2/delivery/services`): id and name.
pub(super) const CARRIERS: &[(i64, &str)] = &[
    (1, "Почта России"),
    (51, "СДЭК"),
    (99, "Собственная служба доставки"),
    (106, "Boxberry"),
    (1_003_937, "DPD"),
    (1_005_117, "ПЭК"),
    (1_005_372, "Деловые Линии"),
    (1_005_471, "Яндекс Доставка"),
    (1_006_360, "Маркет Курьер"),
    (1_006_419, "Доставка Яндекс Маркета"),
];

/// Index into `CARRIERS` of the Market's own logistics (FBS, FBY, Express).
pub(super) const MARKET_LOGISTICS: usize = 9;
/// Index into `CARRIERS` of the Market's fast courier (Express).
pub(super) const MARKET_COURIER: usize = 8;
/// Indices into `CARRIERS` a DBS shop hands parcels to, with relative weights.
#[rustfmt::skip]
pub(super) const DBS_CARRIERS: &[(usize, u32)] =
    &[(2, 30), (1, 25), (3, 12), (0, 10), (4, 8), (7, 10), (5, 3), (6, 2)];

/// A product of the shop's catalogue: (offer id, name, price in roubles).
pub(super) const PRODUCTS: &[(&str, &str, u32)] = &[
    (
        "TM-10421",
        "Смартфон Xiaomi Redmi Note 13 8/256 ГБ, чёрный",
        21_990,
    ),
    (
        "TM-10422",
        "Смартфон Samsung Galaxy A35 8/128 ГБ, тёмно-синий",
        27_490,
    ),
    (
        "TM-10518",
        "Наушники беспроводные JBL Tune 520BT, белые",
        3_990,
    ),
    ("TM-10519", "Наушники Apple AirPods Pro 2 (USB-C)", 21_490),
    ("TM-10603", "Умная колонка Яндекс Станция Мини 3", 7_990),
    ("TM-10604", "Умная колонка Яндекс Станция Лайт 2", 5_490),
    ("TM-10711", "Робот-пылесос Dreame D10 Plus, белый", 24_990),
    (
        "TM-10712",
        "Вертикальный пылесос Dyson V12 Detect Slim",
        54_990,
    ),
    (
        "TM-10820",
        "Чайник электрический Polaris PWK 1725CGL, 1.7 л",
        2_490,
    ),
    (
        "TM-10821",
        "Кофемашина De'Longhi Magnifica S ECAM 22.110.B",
        36_990,
    ),
    ("TM-10822", "Мультиварка Redmond RMC-M90, чёрная", 5_990),
    (
        "TM-10905",
        "Микроволновая печь Samsung MS23K3513AW, 23 л",
        9_490,
    ),
    ("TM-11010", "Телевизор LG 55UR78006LK, 55\", 4K UHD", 44_990),
    ("TM-11011", "Телевизор Haier 43 Smart TV S1, 43\"", 27_990),
    (
        "TM-11102",
        "Ноутбук HUAWEI MateBook D 16 i5/16/512 ГБ",
        62_990,
    ),
    (
        "TM-11103",
        "Ноутбук ASUS Vivobook 15 X1504VA R5/8/512 ГБ",
        46_490,
    ),
    ("TM-11204", "Планшет Xiaomi Pad 6 8/256 ГБ, серый", 32_990),
    (
        "TM-11305",
        "Фитнес-браслет Xiaomi Smart Band 8, чёрный",
        3_290,
    ),
    ("TM-11306", "Умные часы Amazfit GTS 4 Mini, розовые", 8_990),
    (
        "TM-11407",
        "Внешний аккумулятор Anker PowerCore 20000 мА·ч",
        3_790,
    ),
    (
        "TM-11408",
        "Зарядное устройство Ugreen Nexode 65 Вт, 3 порта",
        3_190,
    ),
    ("TM-11409", "Кабель USB-C — Lightning Apple, 1 м", 1_990),
    (
        "TM-11510",
        "Игровая консоль Sony PlayStation 5 Slim, 1 ТБ",
        59_990,
    ),
    ("TM-11511", "Геймпад Sony DualSense, белый", 6_990),
    (
        "TM-11612",
        "Монитор Samsung Odyssey G5 27\", 165 Гц",
        22_990,
    ),
    (
        "TM-11613",
        "Клавиатура механическая Logitech G413 SE",
        5_490,
    ),
    ("TM-11614", "Мышь беспроводная Logitech M185, серая", 990),
    ("TM-11715", "Роутер Keenetic Speedster KN-3012", 6_290),
    (
        "TM-11816",
        "Электрическая зубная щётка Oral-B Vitality Pro",
        2_990,
    ),
    ("TM-11817", "Фен Dyson Supersonic HD08, фуксия", 44_990),
    ("TM-11818", "Утюг Philips DST 7030/20", 6_490),
    ("TM-11919", "Блендер погружной Braun MQ 7035X", 7_990),
    ("TM-12020", "Сковорода Tefal Unlimited 28 см", 3_490),
    (
        "TM-12021",
        "Набор кастрюль Rondell Balance 6 предметов",
        8_490,
    ),
    (
        "TM-12122",
        "Постельное бельё евро, сатин, «Эвкалипт»",
        4_290,
    ),
    (
        "TM-12123",
        "Подушка ортопедическая Memory Foam 60×40",
        2_190,
    ),
    (
        "TM-12224",
        "Кресло компьютерное Zombie Game Penta, чёрное",
        14_990,
    ),
    (
        "TM-12325",
        "Детский конструктор LEGO City «Пожарная часть» 60320",
        7_490,
    ),
    ("TM-12326", "Настольная игра «Каркассон»", 2_490),
    (
        "TM-12427",
        "Корм для кошек Purina One с курицей, 3 кг",
        1_590,
    ),
    (
        "TM-12428",
        "Наполнитель для кошачьего туалета N1 Naturel, 17.5 л",
        990,
    ),
    (
        "TM-12529",
        "Шуруповёрт аккумуляторный Makita DF333DWYE",
        12_490,
    ),
    ("TM-12530", "Набор бит и головок Bosch 46 предметов", 2_290),
    ("TM-12631", "Электросамокат Ninebot KickScooter E2", 29_990),
    (
        "TM-12732",
        "Велосипед горный Stels Navigator 700 MD 27.5\"",
        24_990,
    ),
    ("TM-12833", "Рюкзак городской Xiaomi Commuter, 21 л", 2_790),
    ("TM-12934", "Термокружка Stanley Classic 0.47 л", 3_590),
    (
        "TM-13035",
        "Шампунь Head & Shoulders «Основной уход», 400 мл",
        590,
    ),
    (
        "TM-13036",
        "Подгузники Pampers Premium Care 4, 82 шт.",
        3_390,
    ),
    ("TM-13137", "Кофе в зёрнах Lavazza Qualità Oro, 1 кг", 2_190),
];

/// What DBS buyers leave for the courier.
pub(super) const NOTES: &[&str] = &[
    "Позвонить за час до доставки",
    "Домофон не работает, звонить на телефон",
    "Оставить у консьержа",
    "Не звонить в дверь, спит ребёнок",
];

/// What buyers write first in a chat about an order.
pub(super) const BUYER_OPENERS: &[&str] = &[
    "Здравствуйте! Подскажите, когда будет доставлен заказ? Срок уже прошёл.",
    "Добрый день. Статус заказа не меняется уже несколько дней, где посылка?",
    "Здравствуйте, мне пришло уведомление, что заказ доставлен, но я его не получал(а).",
    "Добрый вечер! Можно перенести доставку на выходные?",
    "Здравствуйте, курьер так и не приехал. Что случилось?",
    "Подскажите, пожалуйста, трек-номер для отслеживания.",
    "Здравствуйте! Хочу отменить заказ, передумал(а).",
    "Добрый день, заказ в пункте выдачи, но я не успеваю забрать. Можно продлить хранение?",
    "Здравствуйте. В заказе не хватает одного товара.",
    "Добрый день! Можно ли изменить адрес доставки?",
];

/// What buyers answer to the seller's message.
pub(super) const BUYER_REPLIES: &[&str] = &[
    "Спасибо, буду ждать.",
    "Хорошо, спасибо за ответ!",
    "Понятно. А можно побыстрее?",
    "Спасибо, новая дата подходит.",
    "Нет, так не подходит, я хочу отменить заказ.",
    "А компенсация будет?",
    "Хорошо, жду трек-номер.",
    "Спасибо, заберу завтра.",
    "Уже третий раз переносите, это несерьёзно.",
    "Ок, договорились.",
];

/// What the seller's staff already wrote in generated chats.
pub(super) const SELLER_LINES: &[&str] = &[
    "Здравствуйте! Проверяем информацию у службы доставки и вернёмся с ответом.",
    "Добрый день! Заказ передан в доставку, ожидаемая дата — в карточке заказа.",
    "Здравствуйте! Приносим извинения за задержку, уточняем сроки у перевозчика.",
    "Добрый день! Хранение в пункте выдачи продлено.",
];

#[cfg(test)]
mod tests;
