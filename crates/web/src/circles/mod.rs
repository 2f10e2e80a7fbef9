//! Savings circles (a pardner, susu, committee, chit fund, tontine): members
//! pay in each round and one member takes the pot. Plural keeps the record
//! every member can check — privately, for members only — and never moves
//! money.

pub mod api;
pub mod pages;
pub mod service;

use crate::routes::Routes;

pub fn routes() -> Routes {
    pages::routes().merge(api::routes())
}
