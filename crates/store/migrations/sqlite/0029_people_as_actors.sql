-- People who choose to be visible to other servers (issue 4, people as
-- actors). A person with a handle is an ActivityPub `Person` at
-- /ap/people/{id}, found by WebFinger as acct:handle@host, with a public
-- profile page at /people/{handle}. NULL (the default) means not visible:
-- nothing about the person is published. Handles are lower case.
ALTER TABLE people ADD COLUMN fediverse_handle TEXT;
CREATE UNIQUE INDEX people_fediverse_handle ON people (fediverse_handle);
