// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC4906} from "@openzeppelin/contracts/interfaces/IERC4906.sol";
import {IERC5805} from "@openzeppelin/contracts/interfaces/IERC5805.sol";

/// @title IProfileNFT
/// @notice Personal-brand profiles: one ERC-721 per unique handle, owner-set on-chain metadata, verification by
///         EIP-712 attestations from holders of the VERIFIER role, and identity votes (one unit per verified person).
/// @dev Token ids are the handle itself: `tokenId = uint256(bytes32(bytes(handle)))`, the handle's bytes left-aligned
///      and zero-padded (like ENS's labelhash ids, but reversible). Handles are 3–32 bytes of `[a-z0-9_]` that do not
///      start with `_`, so an id never contains a zero byte inside the handle and `handleOf` recovers it exactly.
///
///      Votes (IERC5805, timestamp clock): an account has one voting unit while it holds at least one profile with a
///      counted verification; a second verified profile adds nothing. A verification counts from `verify` until it is
///      revoked, cleared by a transfer, or removed by `expireVerification` (anyone may call it once the attestation's
///      expiry has passed). An expired verification no longer shows in `isVerified` but keeps its vote until someone
///      expires it: expiry cannot write a checkpoint by itself. The first time an account gains a unit while it has no
///      delegate it is delegated to itself, so a verified person can vote without a delegation transaction;
///      `delegate` works as in OpenZeppelin `Votes` afterwards.
/// @custom:security-contact security@quartet.example
interface IProfileNFT is IERC4906, IERC5805 {
    /// @notice Fields of the profile metadata, named in errors.
    enum MetadataField {
        DisplayName,
        Bio,
        AvatarURI
    }

    /// @notice Owner-set profile metadata. Strings must be well-formed UTF-8; they are escaped when rendered.
    /// @param displayName Shown on the card instead of the handle when not empty; at most 64 bytes.
    /// @param bio Free text, the token's description; at most 280 bytes.
    /// @param avatarURI Link to an avatar image, published in the JSON only; at most 256 bytes.
    /// @param accentColor RGB colour of the card (`0x3366ff` renders as `#3366ff`); a number, so it cannot inject.
    struct ProfileMetadata {
        string displayName;
        string bio;
        string avatarURI;
        bytes3 accentColor;
    }

    /// @notice An attester's statement that `holder` is the person behind profile `tokenId` until `expiry`.
    /// @dev EIP-712 type `Attestation(address verifier,uint256 tokenId,address holder,uint64 expiry,uint256 nonce)`,
    ///      domain name "Quartet Profiles", version "1", this chain and this contract.
    /// @param verifier The signer: an EOA (ECDSA, low-s only) or an ERC-1271 contract holding the VERIFIER role.
    /// @param tokenId The profile attested.
    /// @param holder The profile's owner when the attestation is submitted.
    /// @param expiry Last second (unix time) at which the attestation may be submitted and the verification holds.
    /// @param nonce Any unused number of the verifier's (nonces are a bitmap, not a sequence).
    struct Attestation {
        address verifier;
        uint256 tokenId;
        address holder;
        uint64 expiry;
        uint256 nonce;
    }

    /// @notice A profile's current verification record (zero when none).
    /// @param verifier Who signed the attestation in force.
    /// @param expiry When it stops being valid; the record still counts for votes until removed.
    struct Verification {
        address verifier;
        uint64 expiry;
    }

    /// @notice Thrown when a handle breaks the rules: 3–32 bytes of `[a-z0-9_]`, not starting with `_`.
    /// @param handle The rejected handle.
    error InvalidHandle(string handle);

    /// @notice Thrown when a handle is already registered.
    /// @param handle The taken handle.
    error HandleTaken(string handle);

    /// @notice Thrown when a metadata field is longer than its bound.
    /// @param field The field.
    /// @param length Its length in bytes.
    /// @param maxLength The bound in bytes.
    error MetadataFieldTooLong(MetadataField field, uint256 length, uint256 maxLength);

    /// @notice Thrown when a metadata field is not well-formed UTF-8 (RFC 3629).
    /// @param field The field.
    error MetadataFieldNotUtf8(MetadataField field);

    /// @notice Thrown when someone other than the profile's owner tries an owner-only action.
    /// @param tokenId The profile.
    /// @param caller The caller.
    error NotProfileOwner(uint256 tokenId, address caller);

    /// @notice Thrown when `verify`'s `tokenId` differs from the attested one.
    /// @param tokenId The profile named in the call.
    /// @param attestedTokenId The profile named in the attestation.
    error AttestationTokenMismatch(uint256 tokenId, uint256 attestedTokenId);

    /// @notice Thrown when an attestation is submitted after its expiry.
    /// @param expiry The attestation's expiry.
    /// @param timestamp The current block timestamp.
    error AttestationExpired(uint64 expiry, uint256 timestamp);

    /// @notice Thrown when the attested holder is not the profile's current owner.
    /// @param tokenId The profile.
    /// @param holder The attested holder.
    /// @param owner The current owner.
    error HolderNotOwner(uint256 tokenId, address holder, address owner);

    /// @notice Thrown when the attestation's signer does not hold the VERIFIER role.
    /// @param verifier The signer named in the attestation.
    error NotVerifier(address verifier);

    /// @notice Thrown when a verifier's nonce was already used or cancelled.
    /// @param verifier The verifier.
    /// @param nonce The nonce.
    error AttestationNonceUsed(address verifier, uint256 nonce);

    /// @notice Thrown when the signature is not the verifier's over this attestation, chain and contract (including
    ///         malformed and high-s ECDSA signatures and ERC-1271 rejections).
    /// @param verifier The verifier named in the attestation.
    error InvalidSignature(address verifier);

    /// @notice Thrown when a new attestation would not extend the verification in force.
    /// @param tokenId The profile.
    /// @param currentExpiry The expiry in force.
    /// @param newExpiry The attestation's expiry.
    error VerificationNotExtended(uint256 tokenId, uint64 currentExpiry, uint64 newExpiry);

    /// @notice Thrown when revoking or expiring a profile that has no verification record.
    /// @param tokenId The profile.
    error NotVerified(uint256 tokenId);

    /// @notice Thrown when expiring a verification whose expiry has not passed.
    /// @param tokenId The profile.
    /// @param expiry Its expiry.
    error VerificationStillValid(uint256 tokenId, uint64 expiry);

    /// @notice Emitted when a profile is minted.
    /// @param tokenId The new profile (the handle as a number).
    /// @param owner Its owner.
    /// @param handle Its handle.
    event ProfileCreated(uint256 indexed tokenId, address indexed owner, string handle);

    /// @notice Emitted when a profile is verified or its verification renewed.
    /// @param tokenId The profile.
    /// @param holder Its owner.
    /// @param verifier The attestation's signer.
    /// @param expiry When the verification stops being valid.
    /// @param nonce The verifier's nonce consumed.
    event ProfileVerified(
        uint256 indexed tokenId,
        address indexed holder,
        address indexed verifier,
        uint64 expiry,
        uint256 nonce
    );

    /// @notice Emitted when a verifier revokes a verification.
    /// @param tokenId The profile.
    /// @param holder Its owner, who loses the verification.
    /// @param revoker The VERIFIER-role account that revoked it.
    event VerificationRevoked(uint256 indexed tokenId, address indexed holder, address indexed revoker);

    /// @notice Emitted when an expired verification is removed (and stops counting for votes).
    /// @param tokenId The profile.
    /// @param holder Its owner.
    event VerificationExpired(uint256 indexed tokenId, address indexed holder);

    /// @notice Emitted when a transfer clears a profile's verification.
    /// @param tokenId The profile.
    /// @param previousHolder The owner it was verified for.
    event VerificationCleared(uint256 indexed tokenId, address indexed previousHolder);

    /// @notice Emitted when a verifier cancels one of its attestation nonces.
    /// @param verifier The verifier.
    /// @param nonce The cancelled nonce.
    event AttestationNonceCancelled(address indexed verifier, uint256 nonce);

    /// @notice Removes a profile's verification (and the holder's vote unit if it was their only verified profile).
    /// @dev Restricted by the AccessManager; the Social module maps it to the VERIFIER role.
    /// @param tokenId The profile.
    function revokeVerification(uint256 tokenId) external;

    /// @notice Registers `handle` and mints its profile to the caller with `metadata`.
    /// @param handle 3–32 bytes of `[a-z0-9_]`, not starting with `_`.
    /// @param metadata The profile's metadata (bounded lengths, UTF-8).
    /// @return tokenId The profile's id, `uint256(bytes32(bytes(handle)))`.
    function mint(string calldata handle, ProfileMetadata calldata metadata) external returns (uint256 tokenId);

    /// @notice Replaces a profile's metadata; only its owner may.
    /// @dev Emits ERC-4906 `MetadataUpdate`.
    /// @param tokenId The profile.
    /// @param metadata The new metadata.
    function setMetadata(uint256 tokenId, ProfileMetadata calldata metadata) external;

    /// @notice Verifies a profile with a verifier's signed attestation; anyone may submit it.
    /// @dev Checks: same token, not expired, holder is the owner, signer holds VERIFIER in the AccessManager, valid
    ///      signature (ECDSA or ERC-1271) over this chain and contract, unused nonce, and a later expiry than the
    ///      verification in force (renewals only extend, so an older unused attestation cannot shorten one).
    /// @param tokenId The profile.
    /// @param attestation The signed attestation.
    /// @param signature The verifier's signature over `hashAttestation(attestation)`.
    function verify(uint256 tokenId, Attestation calldata attestation, bytes calldata signature) external;

    /// @notice Removes a verification whose expiry has passed, so it stops counting for votes; anyone may call it.
    /// @param tokenId The profile.
    function expireVerification(uint256 tokenId) external;

    /// @notice Cancels one of the caller's attestation nonces, invalidating an attestation signed but not submitted.
    /// @dev Revoking a verification does not cancel other outstanding attestations: cancel their nonces too.
    /// @param nonce The nonce.
    function cancelAttestationNonce(uint256 nonce) external;

    /// @notice The profile registered under `handle`.
    /// @param handle The handle (exact bytes).
    /// @return tokenId Its profile, or 0 when the handle is not registered (or not valid).
    function tokenIdOf(string calldata handle) external view returns (uint256 tokenId);

    /// @notice The handle of a profile; reverts `ERC721NonexistentToken` for an unminted id.
    /// @param tokenId The profile.
    /// @return handle Its handle.
    function handleOf(uint256 tokenId) external view returns (string memory handle);

    /// @notice Whether `handle` follows the rules (whether or not it is taken).
    /// @param handle The candidate handle.
    /// @return valid True when `mint` would accept it if free.
    function isValidHandle(string calldata handle) external pure returns (bool valid);

    /// @notice A profile's metadata; reverts `ERC721NonexistentToken` for an unminted id.
    /// @param tokenId The profile.
    /// @return metadata Its metadata.
    function metadataOf(uint256 tokenId) external view returns (ProfileMetadata memory metadata);

    /// @notice Whether a profile holds a verification that has not expired.
    /// @param tokenId The profile.
    /// @return verified True while verified and not past the expiry.
    function isVerified(uint256 tokenId) external view returns (bool verified);

    /// @notice A profile's verification record, expired or not (zero when none).
    /// @param tokenId The profile.
    /// @return verification The record.
    function verificationOf(uint256 tokenId) external view returns (Verification memory verification);

    /// @notice How many profiles held by `account` have a verification record that counts for votes.
    /// @param account The account.
    /// @return count Records not yet revoked, cleared or expired through `expireVerification`.
    function verifiedProfileCount(address account) external view returns (uint256 count);

    /// @notice Whether a verifier's attestation nonce was used or cancelled.
    /// @param verifier The verifier.
    /// @param nonce The nonce.
    /// @return used True when it can no longer be used.
    function attestationNonceUsed(address verifier, uint256 nonce) external view returns (bool used);

    /// @notice The EIP-712 digest a verifier signs for `attestation` on this chain and contract.
    /// @param attestation The attestation.
    /// @return digest The typed-data hash.
    function hashAttestation(Attestation calldata attestation) external view returns (bytes32 digest);
}
