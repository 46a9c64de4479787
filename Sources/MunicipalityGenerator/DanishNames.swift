/// Common Danish first names and surnames (Danmarks Statistik's most used), for generated pupils
/// and staff. Fictional people: any likeness is chance.
enum DanishNames {
    static let girls = [
        "Emma", "Ida", "Clara", "Freja", "Alma", "Ella", "Sofia", "Karla", "Anna", "Laura", "Agnes", "Olivia", "Lærke",
        "Josefine", "Alberte", "Mathilde", "Asta", "Luna", "Nora", "Frida", "Signe", "Maja", "Liva", "Ellen", "Vigga",
        "Ingrid", "Esther", "Marie", "Caroline", "Astrid", "Sara", "Emilie", "Johanne", "Silje", "Aya", "Zeynep",
    ]
    static let boys = [
        "William", "Noah", "Oscar", "Lucas", "Carl", "Victor", "Malthe", "Alfred", "Emil", "Aksel", "Valdemar", "Oliver",
        "Frederik", "Arthur", "August", "Elias", "Magnus", "Johan", "Villads", "Anton", "Mikkel", "Storm", "Theo", "Bertram",
        "Sebastian", "Mads", "Rasmus", "Søren", "Jens", "Kasper", "Mathias", "Ali", "Yusuf", "Adam", "Hjalte", "Asger",
    ]
    static let adults = [
        "Mette", "Hanne", "Susanne", "Lene", "Anne", "Tina", "Camilla", "Louise", "Pia", "Birgitte", "Charlotte", "Helle",
        "Lars", "Henrik", "Thomas", "Jesper", "Peter", "Michael", "Morten", "Anders", "Christian", "Martin", "Niels", "Jakob",
    ]
    static let surnames = [
        "Nielsen", "Jensen", "Hansen", "Pedersen", "Andersen", "Christensen", "Larsen", "Sørensen", "Rasmussen", "Jørgensen",
        "Petersen", "Madsen", "Kristensen", "Olsen", "Thomsen", "Christiansen", "Poulsen", "Johansen", "Møller", "Mortensen",
        "Knudsen", "Jakobsen", "Mikkelsen", "Østergaard", "Frederiksen", "Lund", "Holm", "Schmidt", "Eriksen", "Kristiansen",
        "Simonsen", "Clausen", "Svendsen", "Andreasen", "Iversen", "Jeppesen", "Vestergaard", "Mogensen", "Bach", "Dahl",
    ]
    static let schools = [
        "Åby Skole", "Bakkeskolen", "Engskolen", "Fjordskolen", "Hasle Skole", "Kirkebakkeskolen", "Lindeskolen",
        "Møllevangskolen", "Nørrebakkeskolen", "Rosenvængets Skole", "Skovvangskolen", "Strandskolen", "Søndervangskolen",
        "Tranbjergskolen", "Vestre Skole", "Østre Skole", "Højvangskolen", "Bøgeskovskolen", "Kildeskolen", "Egebjergskolen",
        "Holmeskolen", "Lystrup Skole", "Ellekærskolen", "Vibyskolen",
    ]
}
